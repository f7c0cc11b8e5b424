using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Infrastructure.Security;

namespace Vern.Features.Site;

/// <summary>
/// The demo company website: the public pages of the company in the shipped definition, which embed
/// Google Analytics 4 and HubSpot exactly as a customer site would, gated by Vern's banner. Turned off
/// (<see cref="DemoSite.Enabled"/>), its pages have no routes and <c>/</c> leads to the privacy centre.
/// </summary>
internal static class SiteFeature
{
    /// <summary>
    /// Lets the site's pages reach the hosts of the tags they embed. The banner, not the policy,
    /// keeps those tags from running before consent; every other page keeps the strict policy.
    /// </summary>
    public static readonly ContentSecurityPolicy Policy = new(
        "default-src 'self'; " +
        "script-src 'self' https://www.googletagmanager.com https://*.google-analytics.com https://js.hs-scripts.com " +
        "https://js.hs-analytics.net https://js.hs-banner.com https://js.hscollectedforms.net https://js.hsadspixel.net https://*.hubspot.com; " +
        "style-src 'self'; font-src 'self'; " +
        "img-src 'self' data: https://www.googletagmanager.com https://*.google-analytics.com https://*.hubspot.com; " +
        "connect-src 'self' https://*.google-analytics.com https://*.analytics.google.com https://www.googletagmanager.com " +
        "https://*.hubspot.com https://*.hscollectedforms.net https://*.hs-banner.com; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");

    public static void AddSite(this WebApplicationBuilder builder)
    {
        var site = DemoSite.From(builder.Configuration);
        builder.Services.AddSingleton(site);
        builder.Services.Configure<RazorPagesOptions>(o =>
        {
            if (site.Enabled)
                o.Conventions.AddFolderApplicationModelConvention("/Site", page => page.EndpointMetadata.Add(Policy));
            else
                // A page without a route selector gets no endpoint: every page of the site answers 404.
                o.Conventions.AddFolderRouteModelConvention("/Site", page => page.Selectors.Clear());
        });
    }

    /// <summary>Without the demo site, the address people type first leads to the privacy centre.</summary>
    public static void MapSite(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DemoSite>().Enabled)
            return;
        app.MapGet("/", () => TypedResults.Redirect("/privacy"))
            .WithName("Home")
            .WithSummary("Leads to the privacy centre when the demo website is turned off.")
            .ExcludeFromDescription()
            .AllowAnonymous();
    }
}
