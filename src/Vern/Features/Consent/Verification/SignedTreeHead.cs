using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// A signed tree head as receipt format 1 fixes its bytes: the compact JWS of the header
/// <c>{"alg":"ES256","kid":…}</c> and the payload <c>{"size":…,"root":…,"time":…}</c>, members in that order and
/// without whitespace. The one place these bytes are built: the log signs and publishes heads from its stored
/// columns through it, and the verifier rebuilds the head a compact receipt proves with it.
/// </summary>
/// <param name="Time">Unix milliseconds.</param>
/// <param name="Signature">ES256, r‖s; empty while the head is being signed.</param>
internal sealed record SignedTreeHead(string Kid, long Size, byte[] Root, long Time, byte[] Signature)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>What the signature covers: <c>base64url(header) "." base64url(payload)</c> (RFC 7515).</summary>
    public string SigningInput() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Header("ES256", Kid), Json)) + "."
        + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(Size, Base64Url.EncodeToString(Root), Time), Json));

    /// <summary>The signing input as the ASCII bytes a signature is made or checked over.</summary>
    public byte[] SigningInputBytes() => Encoding.ASCII.GetBytes(SigningInput());

    /// <summary>The compact serialization: the signing input and the signature.</summary>
    public string Jws() => SigningInput() + "." + Base64Url.EncodeToString(Signature);

    private sealed record Header(string Alg, string Kid);

    private sealed record Payload(long Size, string Root, long Time);
}
