using System.Buffers.Text;
using System.Security.Cryptography;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Newsletter;

/// <summary>
/// The tokens in newsletter links. A subscriber's page token is in every e-mail they get and never changes, so it is
/// derived from the subscription's id with a key of Vern's (nothing to store, nothing to look up by); it reaches the
/// page and unsubscribes. A confirmation token is random and single-use: only its SHA-256 is stored, and a confirmation
/// clears it, so a replayed link does nothing.
/// </summary>
internal sealed class SubscriberTokens(KeyStore keys)
{
    public const string KeyOwner = "vern:newsletter";
    private const int MacBytes = 16;

    public async Task<string> PageTokenAsync(Guid subscriberId, CancellationToken ct)
    {
        var id = subscriberId.ToByteArray();
        return Base64Url.EncodeToString([.. id, .. await MacAsync(id, ct)]);
    }

    /// <summary>The subscription a page token names, or null for anything Vern did not issue.</summary>
    public async Task<Guid?> ReadPageTokenAsync(string? token, CancellationToken ct)
    {
        if (token is null || token.Length != Base64Url.GetEncodedLength(16 + MacBytes) || !Base64Url.IsValid(token))
            return null;
        var bytes = Base64Url.DecodeFromChars(token);
        var id = bytes.AsSpan(0, 16).ToArray();
        return CryptographicOperations.FixedTimeEquals(await MacAsync(id, ct), bytes.AsSpan(16)) ? new Guid(id) : null;
    }

    /// <summary>A new confirmation token and the hash to store.</summary>
    public static (string Token, byte[] Hash) NewConfirmation()
    {
        var token = RandomNumberGenerator.GetBytes(32);
        return (Base64Url.EncodeToString(token), SHA256.HashData(token));
    }

    /// <summary>The hash a confirmation token is stored as; null for text that cannot be one.</summary>
    public static byte[]? ConfirmationHash(string? token) =>
        token is { Length: 43 } && Base64Url.IsValid(token) ? SHA256.HashData(Base64Url.DecodeFromChars(token)) : null;

    private async Task<byte[]> MacAsync(byte[] id, CancellationToken ct) =>
        HMACSHA256.HashData(await keys.GetServiceKeyAsync(KeyOwner, ct), id)[..MacBytes];
}
