namespace Vern.Features.Site;

/// <summary>
/// The demo company's website and the third-party tags it embeds, from <c>Vern:DemoSite</c>. On by
/// default, so a first <c>dotnet run</c> shows Vern working on a site; a real installation, whose own
/// website embeds the banner, turns it off with <c>Vern:DemoSite:Enabled=false</c>.
/// </summary>
internal sealed record DemoSite(bool Enabled, string? GoogleAnalyticsId, string? HubSpotPortalId)
{
    public const string Section = "Vern:DemoSite";

    public static DemoSite From(IConfiguration configuration) => new(
        configuration.GetValue($"{Section}:Enabled", true),
        NullIfBlank(configuration[$"{Section}:GoogleAnalyticsId"]),
        NullIfBlank(configuration[$"{Section}:HubSpotPortalId"]));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
