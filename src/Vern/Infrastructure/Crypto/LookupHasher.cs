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
        HMACSHA256.HashData(await keys.GetLookupKeyAsync(ct), Encoding.UTF8.GetBytes(kind + ":" + value.Trim()));

    /// <summary>Case and surrounding space do not distinguish mailboxes in practice; dots and plus-tags may.</summary>
    public static string NormaliseEmail(string email) => email.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
}
