namespace Vern.Infrastructure.Crypto;

/// <summary>Master-key rotation: re-wraps the data keys, never re-encrypts the data.</summary>
internal static class KeyRotation
{
    public static async Task<int> RotateAsync(MasterKeySource source, KeyStore store, MasterKey next, CancellationToken ct)
    {
        var count = await store.RewrapAllAsync(next, ct);
        if (!source.IsConfigured)
            source.ReplaceFileKey(next);
        return count;
    }
}
