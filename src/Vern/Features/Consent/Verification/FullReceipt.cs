using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// A full consent receipt of format 1: the exact leaf bytes, the compact receipt, the signed head as a JWS and
/// the consent in Kantara v1.1 / ISO/IEC TS 27560 fields. Only what verification compares is read; the rest of
/// the consent (controller, purposes, policy address) is there for a person to read and is not proven by the log.
/// </summary>
internal sealed record FullReceipt(int Format, string Leaf, string Receipt, string Head, ReceiptConsent Consent)
{
    /// <summary>
    /// Strict where a lenient reader would let two readers see different things: member names as written,
    /// numbers as numbers, every member the format requires present, and no member twice.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>The receipt in <paramref name="json"/>, or null when it is not shaped as a full receipt.</summary>
    public static FullReceipt? Read(ReadOnlySpan<byte> json) => Deserialize<FullReceipt>(json);

    public static T? Deserialize<T>(ReadOnlySpan<byte> json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The leaf as Vern writes it into the log; its bytes are hashed as given, never written again.</summary>
internal sealed record ReceiptLeaf(
    int V, string Id, long Index, string RecordedAt, string Principal, int Revision, string Language, string Action,
    Dictionary<string, bool> Categories, Dictionary<string, bool> Services, bool Gpc, string TextHash, int? PolicyVersion, string RecordHash);

/// <summary>
/// The consent fields of a full receipt that the leaf also holds. Action, GPC, revision, language and record
/// hash are written by today's receipts and compared when present.
/// </summary>
internal sealed record ReceiptConsent(
    [property: JsonPropertyName("consentReceiptID")] string ConsentReceiptId,
    long ConsentTimestamp,
    IReadOnlyList<string> CategoriesGranted,
    IReadOnlyList<string> CategoriesRefused,
    IReadOnlyList<ReceiptService> Services,
    string TextHash,
    int? PolicyVersion,
    string PiiPrincipalId,
    string? Action = null,
    bool? Gpc = null,
    int? Revision = null,
    string? Language = null,
    string? RecordHash = null);

internal sealed record ReceiptService(string ServiceId, bool Consented);
