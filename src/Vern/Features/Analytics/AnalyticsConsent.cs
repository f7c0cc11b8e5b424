using Vern.Features.Model;

namespace Vern.Features.Analytics;

/// <summary>The banner category that allows Vern's statistics: the consent category of the definition's analytics purpose.</summary>
internal static class AnalyticsConsent
{
    public static string? Category(PrivacyModel model) =>
        model.Analytics is { } analytics ? model.Purpose(analytics.Purpose)?.ConsentCategory : null;
}
