using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Infrastructure.Security;

namespace Vern.Features.Site;

/// <summary>
/// The demo company website: Nordlys Analytics' public pages, which embed Google Analytics 4 and
/// HubSpot exactly as a customer site would, gated by Vern's banner.
/// </summary>
internal static class SiteFeature
{
    public const string GoogleTagId = "G-DEMO000000";
    public const string HubSpotPortalId = "1234567";

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

    public static void AddSite(this WebApplicationBuilder builder) =>
        builder.Services.Configure<RazorPagesOptions>(o =>
            o.Conventions.AddFolderApplicationModelConvention("/Site", page => page.EndpointMetadata.Add(Policy)));
}
