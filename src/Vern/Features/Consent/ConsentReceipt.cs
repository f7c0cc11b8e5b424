using System.Text.Json;
using Vern.Features.Model;

namespace Vern.Features.Consent;

/// <summary>
/// The receipt a visitor gets for a decision: the fields of the Kantara Initiative consent receipt
/// (v1.1), which ISO/IEC TS 27560 builds on, as the claims of an ES256-signed JWT. Vern's own
/// additions (revision, text hash, record hash) let the receipt be matched to the ledger entry.
/// </summary>
internal static class ConsentReceipt
{
    public const string Version = "KI-CR-v1.1.0";

    public static object Payload(ConsentRecord record, PrivacyModel model, string issuer)
    {
        var categories = JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Categories) ?? [];
        var services = JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Services) ?? [];
        var controller = model.Controller;
        var timestamp = new DateTimeOffset(record.RecordedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        return new Dictionary<string, object?>
        {
            ["iss"] = issuer,
            ["sub"] = record.VisitorId,
            ["iat"] = timestamp,
            ["jti"] = record.Id.ToString(),
            ["version"] = Version,
            ["jurisdiction"] = controller.Country,
            ["consentTimestamp"] = timestamp,
            ["collectionMethod"] = "cookie banner",
            ["consentReceiptID"] = record.Id.ToString(),
            ["language"] = record.Language,
            ["piiPrincipalId"] = record.VisitorId,
            ["piiControllers"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["piiController"] = controller.Name,
                    ["contact"] = controller.ProtectionOfficer ?? controller.Email,
                    ["address"] = new { streetAddress = controller.Address, addressCountry = controller.Country },
                    ["email"] = controller.Email,
                    ["phone"] = controller.Phone,
                    ["piiControllerUrl"] = controller.Website,
                },
            },
            ["policyUrl"] = $"{issuer}/privacy/policy?lang={record.Language}",
            ["services"] = model.Services.Select(s => new Dictionary<string, object?>
            {
                ["service"] = s.Name,
                ["serviceId"] = s.Id,
                ["consented"] = services.GetValueOrDefault(s.Id),
                ["purposes"] = s.Purposes.Select(model.Purpose).OfType<Purpose>().Select(p => new Dictionary<string, object?>
                {
                    ["purpose"] = p.Name[record.Language],
                    ["purposeCategory"] = new[] { p.DpvPurpose ?? p.Id },
                    // Purposes on another legal basis are listed for completeness, not as consented.
                    ["consentType"] = p.NeedsConsent ? "EXPLICIT" : "NOT-APPLICABLE",
                    ["piiCategory"] = p.Categories.Select(c => model.Category(c)?.Name[record.Language] ?? c).ToArray(),
                    ["primaryPurpose"] = p.Id == s.Purposes[0],
                    ["termination"] = "Withdraw at any time under \"Cookie settings\"; the choice is asked again after 6 months.",
                    ["thirdPartyDisclosure"] = s.Provider != "self",
                    ["thirdPartyName"] = s.Provider == "self" ? null : model.Recipient(s.Provider)?.Name,
                }).ToArray(),
            }).ToArray(),
            ["sensitive"] = false,
            ["spiCat"] = Array.Empty<string>(),
            ["action"] = record.Action,
            ["gpc"] = record.Gpc,
            ["categoriesGranted"] = categories.Where(c => c.Value).Select(c => c.Key).ToArray(),
            ["categoriesRefused"] = categories.Where(c => !c.Value).Select(c => c.Key).ToArray(),
            ["revision"] = record.Revision,
            ["policyVersion"] = record.PolicyVersion,
            ["textHash"] = record.TextHash,
            ["recordHash"] = record.Hash,
        };
    }
}
