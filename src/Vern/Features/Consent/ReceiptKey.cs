using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Consent;

/// <summary>
/// The EC P-256 key that signs the consent log's tree heads (and so every receipt) and the chains'
/// checkpoints. Kept apart from the database, like the master key:
/// configuration first (<c>Vern:Consent:SigningKey</c>, PKCS#8 PEM), otherwise
/// <c>consent-signing.key</c> in the data directory, created on first run with owner-only permissions.
/// A copy of the database alone therefore cannot forge a head, a receipt or a checkpoint.
/// </summary>
internal sealed partial class ReceiptKey : IDisposable
{
    public const string FileName = "consent-signing.key";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const int SignatureBytes = 64;
    private const int SignatureChars = 86;
    private readonly ECDsa key;
    private readonly byte[] encodedHeader;

    public ReceiptKey(IConfiguration configuration, DataDirectory dataDirectory, ILogger<ReceiptKey> logger)
    {
        key = ECDsa.Create();
        var configured = configuration["Vern:Consent:SigningKey"];
        var path = dataDirectory.File(FileName);
        var created = false;
        try
        {
            key.ImportFromPem(!string.IsNullOrWhiteSpace(configured) ? configured : SecretFile.ReadOrCreate(path, NewPem, out created));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new StartupException("The consent signing key must be an EC P-256 private key in PEM (for example from 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256').", e);
        }
        if (created)
            LogGeneratedKey(logger, path);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != P256Oid)
            throw new StartupException("The consent signing key must be on the P-256 curve (ES256).");
        X = System.Buffers.Text.Base64Url.EncodeToString(parameters.Q.X!);
        Y = System.Buffers.Text.Base64Url.EncodeToString(parameters.Q.Y!);
        // RFC 7638: the thumbprint hashes the required members in lexicographic order, without spaces.
        KeyId = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}")));
        // The header is the same for every receipt: encoded once, with the dot that follows it.
        encodedHeader = Encoding.ASCII.GetBytes(System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = KeyId })) + ".");
    }

    private static string NewPem()
    {
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return generated.ExportPkcs8PrivateKeyPem();
    }

    public string KeyId { get; }
    public string X { get; }
    public string Y { get; }

    /// <summary>A compact JWS (RFC 7515) over the payload; ECDSA in IEEE P1363 form (r‖s), as ES256 requires.</summary>
    public string Sign(ReadOnlySpan<byte> payload) => Encoding.ASCII.GetString(SignToUtf8(payload));

    private byte[] SignToUtf8(ReadOnlySpan<byte> payload)
    {
        // Header, body and signature are encoded into one buffer and copied out once.
        var bodyLength = System.Buffers.Text.Base64Url.GetEncodedLength(payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(encodedHeader.Length + bodyLength + 1 + SignatureChars);
        try
        {
            encodedHeader.CopyTo(buffer, 0);
            var length = encodedHeader.Length + System.Buffers.Text.Base64Url.EncodeToUtf8(payload, buffer.AsSpan(encodedHeader.Length));
            Span<byte> signature = stackalloc byte[SignatureBytes];
            key.SignData(buffer.AsSpan(0, length), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            buffer[length++] = (byte)'.';
            length += System.Buffers.Text.Base64Url.EncodeToUtf8(signature, buffer.AsSpan(length));
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An ES256 signature (r‖s, 64 bytes) over <paramref name="data"/>, for a JWS whose signing input the caller builds.</summary>
    public byte[] SignData(ReadOnlySpan<byte> data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureBytes && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// The payload of a compact JWS this key signed, or null when the header, the encoding or the
    /// signature does not match.
    /// </summary>
    public byte[]? Verify(string jws)
    {
        var bytes = Encoding.ASCII.GetBytes(jws);
        var signatureStart = Array.LastIndexOf(bytes, (byte)'.') + 1;
        if (signatureStart <= encodedHeader.Length || !bytes.AsSpan().StartsWith(encodedHeader))
            return null;
        try
        {
            var signature = System.Buffers.Text.Base64Url.DecodeFromUtf8(bytes.AsSpan(signatureStart));
            if (!key.VerifyData(bytes.AsSpan(0, signatureStart - 1), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                return null;
            return System.Buffers.Text.Base64Url.DecodeFromUtf8(bytes.AsSpan(encodedHeader.Length, signatureStart - 1 - encodedHeader.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public void Dispose() => key.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new consent receipt signing key at {Path}. Back it up: receipts already issued stay verifiable only while its public key is published.")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
