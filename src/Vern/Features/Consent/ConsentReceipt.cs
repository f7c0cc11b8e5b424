using System.Globalization;
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

    /// <summary>The fields for <paramref name="record"/>; <paramref name="categories"/> and <paramref name="services"/> are its answers.</summary>
    public static KantaraReceipt For(
        ConsentRecord record, IReadOnlyDictionary<string, bool> categories, IReadOnlyDictionary<string, bool> services, PrivacyModel model, string issuer)
    {
        var language = record.Language;
        var controller = model.Controller;
        var timestamp = new DateTimeOffset(record.RecordedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        // The receipt names the visitor by a pseudonym, never by the visitor id: a receipt can be fetched again
        // by its decision id and shown to others as proof, and the visitor id is the visitor's credential.
        var principal = PrincipalId(record);
        var termination = Termination(model, language);
        // A consent given by double opt-in (the newsletter) is its own service: the purposes of its category, ended by unsubscribing.
        var optIn = model.ConsentCategories.Where(c => c.DoubleOptIn && categories.ContainsKey(c.Id)).ToList();
        List<KantaraService> listed = optIn.Count > 0
            ? [.. optIn.Select(c => new KantaraService(c.Name[language], c.Id, services.GetValueOrDefault(c.Id),
                OptInPurposes(model, c, language, Text<ReceiptTexts>.In(language).Unsubscribe)))]
            : model.Services.Select(s => new KantaraService(s.Name, s.Id, services.GetValueOrDefault(s.Id), Purposes(model, s, language, termination))).ToList();
        // Kantara's sensitive and spiCat: the special categories (GDPR Art. 9) among the data the services' purposes use.
        var special = model.Services.SelectMany(s => s.Purposes).Distinct().Select(model.Purpose).OfType<Purpose>()
            .SelectMany(p => p.Categories).Distinct().Select(model.Category).OfType<DataCategory>()
            .Where(c => c.Special).Select(c => c.Name[language]).ToList();
        return new KantaraReceipt(
            issuer, principal, timestamp, record.Id, Version, controller.Country, timestamp, optIn.Count > 0 ? "double-opt-in" : "cookie banner",
            record.Id, language, principal,
            [new KantaraController(controller.Name, controller.ProtectionOfficer ?? controller.Email,
                new KantaraAddress(controller.Address, controller.Country), controller.Email, controller.Phone, controller.Website)],
            $"{issuer}/privacy/policy?lang={language}",
            listed,
            special.Count > 0, special, record.Action.ToWire(), record.Gpc,
            [.. categories.Where(c => c.Value).Select(c => c.Key)], [.. categories.Where(c => !c.Value).Select(c => c.Key)],
            record.Revision, record.PolicyVersion, record.TextHash, record.Hash);
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

    private static List<KantaraPurpose> Purposes(PrivacyModel model, ThirdPartyService service, string language, string termination) =>
        [.. service.Purposes.Select(model.Purpose).OfType<Purpose>().Select(purpose => new KantaraPurpose(
            purpose.Name[language],
            [purpose.DpvPurpose ?? purpose.Id],
            // Purposes on another legal basis are listed for completeness, not as consented.
            purpose.NeedsConsent ? "EXPLICIT" : "NOT-APPLICABLE",
            [.. purpose.Categories.Select(category => model.Category(category)?.Name[language] ?? category)],
            purpose.Id == service.Purposes[0],
            termination,
            service.Provider != "self",
            service.Provider == "self" ? null : model.Recipient(service.Provider)?.Name))];

    private static List<KantaraPurpose> OptInPurposes(PrivacyModel model, ConsentCategory category, string language, string termination) =>
        [.. model.Purposes.Where(p => p.ConsentCategory == category.Id).Select((purpose, i) => new KantaraPurpose(
            purpose.Name[language],
            [purpose.DpvPurpose ?? purpose.Id],
            "EXPLICIT",
            [.. purpose.Categories.Select(c => model.Category(c)?.Name[language] ?? c)],
            i == 0,
            termination,
            false,
            null))];
}

/// <summary>The Kantara v1.1 fields of a receipt, named as JWT claims as Kantara does, in camelCase.</summary>
internal sealed record KantaraReceipt(
    string Iss, string Sub, long Iat, Guid Jti, string Version, string Jurisdiction, long ConsentTimestamp, string CollectionMethod,
    Guid ConsentReceiptID, string Language, string PiiPrincipalId, IReadOnlyList<KantaraController> PiiControllers, string PolicyUrl,
    IReadOnlyList<KantaraService> Services, bool Sensitive, IReadOnlyList<string> SpiCat, string Action, bool Gpc,
    IReadOnlyList<string> CategoriesGranted, IReadOnlyList<string> CategoriesRefused, int Revision, int? PolicyVersion, string TextHash, string RecordHash);

internal sealed record KantaraController(string PiiController, string Contact, KantaraAddress Address, string Email, string? Phone, string? PiiControllerUrl);

internal sealed record KantaraAddress(string StreetAddress, string AddressCountry);

internal sealed record KantaraService(string Service, string ServiceId, bool Consented, IReadOnlyList<KantaraPurpose> Purposes);

internal sealed record KantaraPurpose(
    string Purpose, IReadOnlyList<string> PurposeCategory, string ConsentType, IReadOnlyList<string> PiiCategory, bool PrimaryPurpose,
    string Termination, bool ThirdPartyDisclosure, string? ThirdPartyName);
