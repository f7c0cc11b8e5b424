using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// Visitor ids are credentials: whoever holds one may record decisions for that browser and link it to a
/// person. So only Vern issues them, as 16 random bytes followed by a 16-byte HMAC-SHA-256 tag of those
/// bytes under a server key, and an id whose tag does not verify is refused wherever one is taken. The key
/// lives apart from the database, like the receipt signing key: configuration first
/// (<c>Vern:Consent:VisitorIdKey</c>, base64 of 32 bytes), otherwise <c>visitor-id.key</c> in the data
/// directory, created on first run with owner-only permissions. See docs/adr/0012-issued-visitor-ids.md.
/// </summary>
internal sealed partial class VisitorIds
{
    public const string FileName = "visitor-id.key";
    private const int RandomBytes = 16;
    private const int TagBytes = 16;
    private const int IdBytes = RandomBytes + TagBytes;
    /// <summary>43 characters of base64url, without padding.</summary>
    public const int IdLength = (IdBytes * 4 + 2) / 3;

    private readonly byte[] macKey;
    private readonly byte[] analyticsKey;

    public VisitorIds(IConfiguration configuration, DataDirectory dataDirectory, ILogger<VisitorIds> logger)
    {
        var configured = configuration["Vern:Consent:VisitorIdKey"];
        var path = dataDirectory.File(FileName);
        var created = false;
        var key = Parse(!string.IsNullOrWhiteSpace(configured)
            ? configured
            : SecretFile.ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), out created));
        if (created)
            LogGeneratedKey(logger, path);
        // One secret, two purposes kept apart: a tag can never be computed from an analytics id or the reverse.
        macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "vern visitor id tag"u8.ToArray());
        analyticsKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "vern analytics client id"u8.ToArray());
    }

    /// <summary>A new visitor id: random, and verifiable only by this installation.</summary>
    public string Issue()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(id[..RandomBytes]);
        Tag(id[..RandomBytes], id[RandomBytes..]);
        return Base64Url.EncodeToString(id);
    }

    /// <summary>Whether <paramref name="visitorId"/> is shaped like an id (32 bytes in base64url), whoever made it.</summary>
    public static bool IsWellFormed(string? visitorId)
    {
        Span<byte> id = stackalloc byte[IdBytes];
        return TryDecode(visitorId, id);
    }

    /// <summary>Whether <paramref name="visitorId"/> is an id this installation issued; the tag is compared in constant time.</summary>
    public bool IsIssued(string? visitorId)
    {
        Span<byte> id = stackalloc byte[IdBytes];
        if (!TryDecode(visitorId, id))
            return false;
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(id[..RandomBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, id[RandomBytes..]);
    }

    /// <summary>
    /// The id analytics tools (Google Analytics' client id) get instead of the visitor id: a keyed hash of
    /// it, so the third party can neither act as the visitor nor link the id back, while Vern can still
    /// name the same browser to it in an erasure.
    /// </summary>
    public string AnalyticsId(string visitorId) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(analyticsKey, Encoding.UTF8.GetBytes(visitorId)).AsSpan(0, 16));

    /// <summary>The issued visitor id in the banner's <c>vern_consent</c> cookie, or null when there is none.</summary>
    public string? FromCookie(HttpRequest request)
    {
        if (request.Cookies[ConsentCookie] is not { Length: > 0 and < 4096 } raw)
            return null;
        try
        {
            // The banner writes URL-encoded JSON; the framework may or may not have decoded it already.
            using var document = JsonDocument.Parse(raw.StartsWith('{') ? raw : Uri.UnescapeDataString(raw));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("v", out var v)
                && v.ValueKind == JsonValueKind.String
                && v.GetString() is { } id && IsIssued(id) ? id : null;
        }
        catch (JsonException)
        {
            // A cookie the banner did not write is ignored: forms and pages still work without it.
            return null;
        }
    }

    public const string ConsentCookie = "vern_consent";

    /// <summary>What a caller is told about a visitor id that is missing its tag, forged, or from another installation.</summary>
    public const string NotIssued = "The visitor id was not issued by Vern; the banner gets one from POST /api/v1/consent/visitors.";

    private static bool TryDecode(string? visitorId, Span<byte> id) =>
        visitorId is { Length: IdLength }
        && Base64Url.DecodeFromChars(visitorId, id, out var consumed, out var written) == System.Buffers.OperationStatus.Done
        && consumed == IdLength && written == IdBytes;

    private void Tag(ReadOnlySpan<byte> random, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(macKey, random, full);
        full[..TagBytes].CopyTo(tag);
    }

    private static byte[] Parse(string text)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            if (key.Length == 32)
                return key;
        }
        catch (FormatException)
        {
        }
        throw new StartupException("The visitor id key must be 32 bytes in base64 (for example the output of 'openssl rand -base64 32').");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new visitor id key at {Path}. Back it up apart from the database: without it every visitor id issued so far is refused, and each visitor is asked again.")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
