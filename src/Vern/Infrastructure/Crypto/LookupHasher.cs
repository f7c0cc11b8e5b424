using System.Security.Cryptography;
using System.Text;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// Keyed hashes (HMAC-SHA-256) of normalised identifiers, so a person can be found by e-mail
/// without the address being stored, and a leaked database does not allow a dictionary attack.
/// </summary>
internal sealed class LookupHasher(KeyStore keys)
{
    public async Task<byte[]> HashEmailAsync(string email, CancellationToken ct = default) =>
        HMACSHA256.HashData(await keys.GetLookupKeyAsync(ct), Encoding.UTF8.GetBytes("email:" + NormaliseEmail(email)));

    public async Task<byte[]> HashIdentifierAsync(string kind, string value, CancellationToken ct = default) =>
        HMACSHA256.HashData(await keys.GetLookupKeyAsync(ct), Identifier(kind, value));

    /// <summary>
    /// The keyed hashes of many identifiers of one kind, each with the identifier it hashes: for finding many at once
    /// in one query (one HMAC keyed once for all, not once a value).
    /// </summary>
    public async Task<HashedIdentifiers> HashIdentifiersAsync(string kind, IEnumerable<string> values, CancellationToken ct = default)
    {
        using var hmac = new HMACSHA256(await keys.GetLookupKeyAsync(ct));
        var owners = new Dictionary<string, string>();
        var lookups = new List<byte[]>();
        foreach (var value in values.Distinct())
        {
            var lookup = hmac.ComputeHash(Identifier(kind, value));
            var hex = Convert.ToHexString(lookup);
            if (!owners.ContainsKey(hex))
                lookups.Add(lookup);
            owners[hex] = value;
        }
        return new HashedIdentifiers([.. lookups], owners);
    }

    private static byte[] Identifier(string kind, string value) => Encoding.UTF8.GetBytes(kind + ":" + value.Trim());

    /// <summary>Case and surrounding space do not distinguish mailboxes in practice; dots and plus-tags may.</summary>
    public static string NormaliseEmail(string email) => email.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
}

/// <summary>Keyed hashes of identifiers (<see cref="LookupHasher.HashIdentifiersAsync"/>), and which identifier each hashes.</summary>
internal sealed class HashedIdentifiers(byte[][] lookups, Dictionary<string, string> owners)
{
    public byte[][] Lookups { get; } = lookups;

    public string OwnerOf(byte[] lookup) => owners[Convert.ToHexString(lookup)];
}
