using Vern.Features.Model;

namespace Vern.Features.Analytics;

/// <summary>How a page of a site loads the tracker: held back for the statistics category, or directly on a cookieless site.</summary>
internal sealed record TrackerTag(string? Category, bool Cookieless)
{
    public const string Script = "/consent/analytics.js";

    /// <summary>Null when the definition collects no statistics, or rests them on consent without a category to ask for.</summary>
    public static TrackerTag? For(PrivacyModel model, string host)
    {
        if (model.Analytics is not { } analytics)
            return null;
        if (analytics.CookielessSites.Contains(host.ToLowerInvariant()))
            return new TrackerTag(null, Cookieless: true);
        return AnalyticsConsent.Category(model) is { } category ? new TrackerTag(category, Cookieless: false) : null;
    }
}
