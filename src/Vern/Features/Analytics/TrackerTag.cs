using Vern.Features.Model;

namespace Vern.Features.Analytics;

/// <summary>How a page of <paramref name="Site"/> loads the tracker: held back for the statistics category, or directly on a cookieless site.</summary>
internal sealed record TrackerTag(string Site, string? Category, bool Cookieless)
{
    public const string Script = "/consent/analytics.js";

    /// <summary>Null when the definition collects no statistics, or rests them on consent without a category to ask for.</summary>
    public static TrackerTag? For(PrivacyModel model, string host)
    {
        if (model.Analytics is not { } analytics)
            return null;
        var site = host.ToLowerInvariant();
        if (analytics.CookielessSites.Contains(site))
            return new TrackerTag(site, null, Cookieless: true);
        return AnalyticsConsent.Category(model) is { } category ? new TrackerTag(site, category, Cookieless: false) : null;
    }
}
