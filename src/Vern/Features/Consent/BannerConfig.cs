using System.Security.Cryptography;
using System.Text.Json;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// What <c>GET /api/v1/consent/config</c> answers for one revision and language, serialised once:
/// the body, its ETag and the hash of the texts it shows (recorded with every decision).
/// </summary>
internal sealed record BannerConfig(byte[] Body, string ETag, string TextHash)
{
    public const int MaxAgeDays = 182;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static BannerConfig Build(PrivacyModel model, int revision, string language, int? policyVersion)
    {
        var texts = Text<BannerTexts>.In(language);
        var categories = model.BannerCategories.Select(c => new CategoryView(
            c.Id, c.Name[language], c.Description[language], c.Required,
            model.Services.Where(s => s.Category == c.Id).Select(s => new ServiceView(s.Id, s.Name)).ToList())).ToList();
        // Exactly what the visitor reads: the fixed texts and every category's and service's wording.
        var textHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { texts, categories }, Json)));
        var gpcRefuses = ConsentProjection.GpcRefuses(model);
        var view = new ConfigView(
            revision, language, policyVersion, MaxAgeDays, texts,
            new LinksView($"/privacy/policy?lang={language}", $"/privacy/cookies?lang={language}"),
            categories, gpcRefuses, textHash, Trackers(model), Signals(model, gpcRefuses));
        var body = JsonSerializer.SerializeToUtf8Bytes(view, Json);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
        return new BannerConfig(body, etag, textHash);
    }

    /// <summary>
    /// The cookies the banner deletes while their category is refused: the definition's declarations for
    /// each category a visitor may refuse. A placeholder such as <c>_ga_&lt;container-id&gt;</c> stands for
    /// any text, sent as <c>_ga_*</c>; necessary cookies (the visitor's choice itself) are never listed.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> Trackers(PrivacyModel model) =>
        model.BannerCategories.Where(c => !c.Required).ToDictionary(
            c => c.Id,
            c => (IReadOnlyList<string>)[.. model.Cookies.Where(k => k.Category == c.Id).Select(k => Pattern(k.Name)).Distinct()]);

    private static string Pattern(string cookie) => cookie.IndexOf('<', StringComparison.Ordinal) is var at and >= 0 ? cookie[..at] + "*" : cookie;

    /// <summary>
    /// The categories the vendors' own consent signals follow: Google's analytics storage the category of
    /// Google's services, its three advertising signals the category whose purposes advertise (the one
    /// Global Privacy Control refuses), HubSpot's consent the category of HubSpot's services. Recipients
    /// are named by the ids their connectors use; a vendor the definition does not use follows nothing.
    /// </summary>
    private static SignalsView Signals(PrivacyModel model, IReadOnlyList<string> advertising) => new(
        model.Services.FirstOrDefault(s => s.Provider == "google")?.Category,
        advertising.Count > 0 ? advertising[0] : null,
        model.Services.FirstOrDefault(s => s.Provider == "hubspot")?.Category);

    private sealed record ConfigView(int Revision, string Language, int? PolicyVersion, int MaxAgeDays, BannerTexts Texts, LinksView Links,
        IReadOnlyList<CategoryView> Categories, IReadOnlyList<string> GpcRefuses, string TextHash,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Trackers, SignalsView Signals);

    private sealed record SignalsView(string? Analytics, string? Ads, string? HubSpot);

    private sealed record LinksView(string Policy, string Cookies);

    private sealed record CategoryView(string Id, string Name, string Description, bool Required, IReadOnlyList<ServiceView> Services);

    private sealed record ServiceView(string Id, string Name);
}
