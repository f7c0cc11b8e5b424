using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// The EC P-256 keys of a JSON Web Key Set (RFC 7517), by kid: the keys a receipt's head may be signed with.
/// Keys of other types or curves are left out; a receipt naming one is refused as signed by an unknown key.
/// </summary>
internal sealed class ReceiptKeySet : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Dictionary<string, ECDsa> keys;

    private ReceiptKeySet(Dictionary<string, ECDsa> keys) => this.keys = keys;

    public int Count => keys.Count;

    /// <summary>The key set in <paramref name="json"/>, or null when it is not a JSON object with a <c>keys</c> array.</summary>
    public static ReceiptKeySet? Read(ReadOnlySpan<byte> json)
    {
        KeySet? set;
        try
        {
            set = JsonSerializer.Deserialize<KeySet>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
        if (set?.Keys is not { } entries)
            return null;
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var entry in entries)
            if (entry is { Kty: "EC", Crv: "P-256", Kid: { } kid } && Coordinate(entry.X) is { } x && Coordinate(entry.Y) is { } y && !keys.ContainsKey(kid))
            {
                try
                {
                    keys.Add(kid, ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } }));
                }
                catch (CryptographicException)
                {
                    // Not a point on the curve: no receipt verifies with it, as if it were absent.
                }
            }
        return new ReceiptKeySet(keys);
    }

    public ECDsa? Find(string kid) => keys.GetValueOrDefault(kid);

    public void Dispose()
    {
        foreach (var key in keys.Values)
            key.Dispose();
    }

    private static byte[]? Coordinate(string? text) =>
        text is not null && Base64Url.IsValid(text, out var length) && length == 32 ? Base64Url.DecodeFromChars(text) : null;

    private sealed record KeySet(IReadOnlyList<Key?>? Keys);

    private sealed record Key(string? Kty, string? Crv, string? X, string? Y, string? Kid);
}
