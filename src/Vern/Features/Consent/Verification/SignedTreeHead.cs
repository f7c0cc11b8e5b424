using System.Buffers.Text;
using System.Text.Json;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// The JWS of a signed tree head, rebuilt byte for byte from what a compact receipt carries: the header
/// <c>{"alg":"ES256","kid":…}</c> and the payload <c>{"size":…,"root":…,"time":…}</c>, members in that order
/// and without whitespace, as the receipt format fixes them.
/// </summary>
internal static class SignedTreeHead
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The signing input (<c>base64url(header) "." base64url(payload)</c>) of the head with <paramref name="root"/>.</summary>
    public static string SigningInput(CompactReceipt receipt, byte[] root) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Header("ES256", receipt.Kid), Json)) + "."
        + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(receipt.Size, Base64Url.EncodeToString(root), receipt.Time), Json));

    /// <summary>The compact serialization: the signing input and the receipt's signature.</summary>
    public static string Jws(string signingInput, CompactReceipt receipt) => signingInput + "." + Base64Url.EncodeToString(receipt.Signature);

    private sealed record Header(string Alg, string Kid);

    private sealed record Payload(long Size, string Root, long Time);
}
