using System.Security.Cryptography;
using System.Text.Json;
using Vern.Features.Model;

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
        var texts = BannerTexts.For(language);
        var categories = model.ConsentCategories.Select(c => new CategoryView(
            c.Id, c.Name[language], c.Description[language], c.Required,
            model.Services.Where(s => s.Category == c.Id).Select(s => new ServiceView(s.Id, s.Name)).ToList())).ToList();
        // Exactly what the visitor reads: the fixed texts and every category's and service's wording.
        var textHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { texts, categories }, Json)));
        var view = new ConfigView(
            revision, language, policyVersion, MaxAgeDays, texts,
            new LinksView($"/privacy/policy?lang={language}", $"/privacy/cookies?lang={language}"),
            categories, ConsentProjection.GpcRefuses(model), textHash);
        var body = JsonSerializer.SerializeToUtf8Bytes(view, Json);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
        return new BannerConfig(body, etag, textHash);
    }

    private sealed record ConfigView(int Revision, string Language, int? PolicyVersion, int MaxAgeDays, BannerTexts Texts, LinksView Links,
        IReadOnlyList<CategoryView> Categories, IReadOnlyList<string> GpcRefuses, string TextHash);

    private sealed record LinksView(string Policy, string Cookies);

    private sealed record CategoryView(string Id, string Name, string Description, bool Required, IReadOnlyList<ServiceView> Services);

    private sealed record ServiceView(string Id, string Name);
}
