using System.Diagnostics;
using System.Security.Cryptography;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Crypto;

/// <summary>What a rotation did: data keys re-wrapped, data keys verified, and the key now in force.</summary>
internal sealed record RotationOutcome(int Rewrapped, int Verified, string KeyId);

/// <summary>
/// Master-key rotation: re-wraps the data keys, never re-encrypts the data. Every step can be cut
/// short (kill -9, a power cut) and the next start still reads every data key, because a key is
/// made durable before anything depends on it and discarded only after nothing does (see the ADR on
/// crash-safe key rotation):
/// <list type="number">
/// <item>the next key is written and flushed to <c>master.key.next</c> (an interrupted rotation's is reused);</item>
/// <item>every data key is re-wrapped by it in one transaction;</item>
/// <item>every data key is read back and must unwrap under it;</item>
/// <item>the key in force is kept as <c>master.key.retired</c>, then the next key renamed over <c>master.key</c>;</item>
/// <item>the retired key is deleted.</item>
/// </list>
/// Until step 4 the old key is in force and the next one readable; after it, the reverse.
/// </summary>
internal static class KeyRotation
{
    /// <summary>
    /// Names a step after which the process kills itself, as <c>kill -9</c> would. Only tests set it,
    /// to prove that a rotation stopped at any step loses nothing.
    /// </summary>
    public const string CrashAtVariable = "VERN_TEST_CRASH_AT";

    public static async Task<RotationOutcome> RotateAsync(DatabaseSettings settings, MasterKeySource source, KeyStore store, CancellationToken ct)
    {
        // A running server keeps the old key in memory and would wrap new data keys with it, or fail
        // to read the re-wrapped ones: the same exclusive hold as a restore keeps servers out.
        await using var exclusive = await RunningServerMark.ExcludeAsync(settings, ct) ?? throw new StartupException(
            "Vern is running against this database; stop every instance first (a running server keeps the old master key in memory), and nothing was changed.");

        if (source.IsConfigured && !source.HasConfiguredRetiredKeys && await store.CountNotUnderAsync(source.Current.Id, ct) == 0)
            throw new StartupException(
                "The master key comes from Vern:MasterKey, which Vern cannot replace: put a new key ('openssl rand -base64 32') in Vern:MasterKey and the current one in Vern:RetiredMasterKeys, run 'keys rotate' again, then remove the retired key; nothing was changed.");

        var next = source.IsConfigured ? source.Current : source.NextFileKey();
        CrashPoint("next-key-written");
        int rewrapped, verified;
        try
        {
            rewrapped = await store.RewrapAllAsync(next, ct);
            CrashPoint("rewrapped");
            verified = await store.VerifyAllAsync(next, ct);
        }
        catch (CryptographicException e)
        {
            throw new StartupException($"{e.Message} The key in force was kept, so nothing is lost.", e);
        }

        if (!source.IsConfigured)
        {
            source.KeepCurrentAsRetired();
            CrashPoint("old-key-retired");
            source.PromoteNext(next);
            CrashPoint("promoted");
            source.DiscardRetired();
            CrashPoint("retired-discarded");
        }
        return new RotationOutcome(rewrapped, verified, next.Id);
    }

    private static void CrashPoint(string step)
    {
        if (Environment.GetEnvironmentVariable(CrashAtVariable) == step)
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
