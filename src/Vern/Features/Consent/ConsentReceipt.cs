using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// The reader's part of a decision's full receipt: the fields of the Kantara Initiative consent receipt
/// (v1.1), which ISO/IEC TS 27560 builds on, as a JSON object (named as JWT claims, as Kantara does). Vern's
/// own additions (revision, text hash, record hash) match it to the ledger entry; the proof that the
/// entry was recorded is the log's (<see cref="ConsentLog"/>), so this object is not signed itself.
/// </summary>
internal static class ConsentReceipt
{
    public const string Version = "KI-CR-v1.1.0";

    // Most of a receipt (the controller, the services' purposes) depends only on the model and the
    // language; those parts are serialized once per model and language.
    private static readonly ConditionalWeakTable<PrivacyModel, ConcurrentDictionary<string, Template>> Templates = [];

    /// <summary>The fields as UTF-8 JSON; <paramref name="categories"/> and <paramref name="services"/> are the record's answers.</summary>
    public static byte[] Payload(
        ConsentRecord record, IReadOnlyDictionary<string, bool> categories, IReadOnlyDictionary<string, bool> services, PrivacyModel model, string issuer)
    {
        var template = Templates.GetOrCreateValue(model).GetOrAdd(record.Language, language => new Template(model, language));
        var timestamp = new DateTimeOffset(record.RecordedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        var buffer = new ArrayBufferWriter<byte>(template.SizeHint);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", issuer);
            // The receipt names the visitor by a pseudonym, never by the visitor id: a receipt can be fetched again
            // by its decision id and shown to others as proof, and the visitor id is the visitor's credential.
            var principal = PrincipalId(record);
            json.WriteString("sub", principal);
            json.WriteNumber("iat", timestamp);
            json.WriteString("jti", record.Id);
            json.WriteString("version", Version);
            json.WriteString("jurisdiction", template.Jurisdiction);
            json.WriteNumber("consentTimestamp", timestamp);
            json.WriteString("collectionMethod", "cookie banner");
            json.WriteString("consentReceiptID", record.Id);
            json.WriteString("language", record.Language);
            json.WriteString("piiPrincipalId", principal);
            json.WritePropertyName("piiControllers");
            json.WriteRawValue(template.Controllers, skipInputValidation: true);
            json.WriteString("policyUrl", $"{issuer}/privacy/policy?lang={record.Language}");
            json.WriteStartArray("services");
            foreach (var service in template.Services)
            {
                json.WriteStartObject();
                json.WriteString("service", service.Name);
                json.WriteString("serviceId", service.EncodedId);
                json.WriteBoolean("consented", services.GetValueOrDefault(service.Key));
                json.WritePropertyName("purposes");
                json.WriteRawValue(service.Purposes, skipInputValidation: true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("sensitive", template.Sensitive);
            json.WritePropertyName("spiCat");
            json.WriteRawValue(template.SpiCat, skipInputValidation: true);
            json.WriteString("action", record.Action.ToWire());
            json.WriteBoolean("gpc", record.Gpc);
            WriteCategories(json, "categoriesGranted", categories, granted: true);
            WriteCategories(json, "categoriesRefused", categories, granted: false);
            json.WriteNumber("revision", record.Revision);
            if (record.PolicyVersion is { } policyVersion)
                json.WriteNumber("policyVersion", policyVersion);
            else
                json.WriteNull("policyVersion");
            json.WriteString("textHash", record.TextHash);
            json.WriteString("recordHash", record.Hash);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// How receipts and the decision API name the visitor: the keyed hash the ledger finds the visitor's
    /// records by, in base64url. Vern can match it to a visitor id; nobody can turn it into one.
    /// </summary>
    public static string PrincipalId(ConsentRecord record) => System.Buffers.Text.Base64Url.EncodeToString(record.VisitorLookup);

    /// <summary>The lookup hash a <see cref="PrincipalId"/> names; false for text that is not one.</summary>
    public static bool TryReadPrincipalId(string text, out byte[] lookup)
    {
        lookup = [];
        if (!System.Buffers.Text.Base64Url.IsValid(text, out var length) || length != System.Security.Cryptography.HMACSHA256.HashSizeInBytes)
            return false;
        lookup = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        return true;
    }

    private static void WriteCategories(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, bool> categories, bool granted)
    {
        json.WriteStartArray(name);
        foreach (var (id, value) in categories)
            if (value == granted)
                json.WriteStringValue(id);
        json.WriteEndArray();
    }

    /// <summary>The parts of a receipt that follow from the model and the language alone, already serialized.</summary>
    private sealed class Template
    {
        public Template(PrivacyModel model, string language)
        {
            var controller = model.Controller;
            Jurisdiction = JsonEncodedText.Encode(controller.Country);
            Controllers = Serialize(json =>
            {
                json.WriteStartArray();
                json.WriteStartObject();
                json.WriteString("piiController", controller.Name);
                json.WriteString("contact", controller.ProtectionOfficer ?? controller.Email);
                json.WriteStartObject("address");
                json.WriteString("streetAddress", controller.Address);
                json.WriteString("addressCountry", controller.Country);
                json.WriteEndObject();
                json.WriteString("email", controller.Email);
                json.WriteString("phone", controller.Phone);
                json.WriteString("piiControllerUrl", controller.Website);
                json.WriteEndObject();
                json.WriteEndArray();
            });
            var termination = Termination(model, language);
            Services = [.. model.Services.Select(s => new ServicePart(
                s.Id, JsonEncodedText.Encode(s.Name), JsonEncodedText.Encode(s.Id), Serialize(json => WritePurposes(json, model, s, language, termination))))];
            // Kantara's sensitive and spiCat: the special categories (GDPR Art. 9) among the data the services' purposes use.
            var special = model.Services.SelectMany(s => s.Purposes).Distinct().Select(model.Purpose).OfType<Purpose>()
                .SelectMany(p => p.Categories).Distinct().Select(model.Category).OfType<DataCategory>()
                .Where(c => c.Special).Select(c => c.Name[language]).ToList();
            Sensitive = special.Count > 0;
            SpiCat = JsonSerializer.SerializeToUtf8Bytes(special);
            SizeHint = 1024 + Controllers.Length + SpiCat.Length + Services.Sum(s => s.Purposes.Length + 128);
        }

        public JsonEncodedText Jurisdiction { get; }
        public byte[] Controllers { get; }
        public IReadOnlyList<ServicePart> Services { get; }
        public bool Sensitive { get; }
        public byte[] SpiCat { get; }
        public int SizeHint { get; }

        /// <summary>
        /// How consent ends, in the receipt's language: the banner's own name for its settings control, and
        /// the lifetime the definition declares for the cookie that keeps the choice (the banner's maximum
        /// age when it declares none).
        /// </summary>
        private static string Termination(PrivacyModel model, string language)
        {
            var lifetime = model.Cookies.FirstOrDefault(c => c.Name == VisitorIds.ConsentCookie)?.Lifetime ?? $"P{BannerConfig.MaxAgeDays}D";
            return string.Format(
                CultureInfo.InvariantCulture, Text<ReceiptTexts>.In(language).Termination, Text<BannerTexts>.In(language).Settings, Durations.Lifetime(lifetime, language));
        }

        private static void WritePurposes(Utf8JsonWriter json, PrivacyModel model, ThirdPartyService service, string language, string termination)
        {
            json.WriteStartArray();
            foreach (var purpose in service.Purposes.Select(model.Purpose).OfType<Purpose>())
            {
                json.WriteStartObject();
                json.WriteString("purpose", purpose.Name[language]);
                json.WriteStartArray("purposeCategory");
                json.WriteStringValue(purpose.DpvPurpose ?? purpose.Id);
                json.WriteEndArray();
                // Purposes on another legal basis are listed for completeness, not as consented.
                json.WriteString("consentType", purpose.NeedsConsent ? "EXPLICIT" : "NOT-APPLICABLE");
                json.WriteStartArray("piiCategory");
                foreach (var category in purpose.Categories)
                    json.WriteStringValue(model.Category(category)?.Name[language] ?? category);
                json.WriteEndArray();
                json.WriteBoolean("primaryPurpose", purpose.Id == service.Purposes[0]);
                json.WriteString("termination", termination);
                json.WriteBoolean("thirdPartyDisclosure", service.Provider != "self");
                json.WriteString("thirdPartyName", service.Provider == "self" ? null : model.Recipient(service.Provider)?.Name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private static byte[] Serialize(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
                write(json);
            return buffer.WrittenSpan.ToArray();
        }
    }

    private sealed record ServicePart(string Key, JsonEncodedText Name, JsonEncodedText EncodedId, byte[] Purposes);
}
