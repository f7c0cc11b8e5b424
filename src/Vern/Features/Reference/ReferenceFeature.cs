using Microsoft.AspNetCore.Mvc.RazorPages;
using Scalar.AspNetCore;
using Vern.Infrastructure.Security;

namespace Vern.Features.Reference;

/// <summary>
/// The API reference at <c>/api</c>: Scalar's interactive viewer over the OpenAPI document, its script
/// served by Vern itself from the copy inside the Scalar.AspNetCore package, so no browser reaches a CDN.
/// </summary>
internal static class ReferenceFeature
{
    private const string Prefix = "/api/reference";

    /// <summary>Scalar's script, which <c>/api</c> loads (compressed and with an ETag, as Scalar serves it).</summary>
    public const string Script = Prefix + "/scalar.js";

    /// <summary>
    /// The strict policy, except for styles: Scalar's script injects three fixed stylesheets as
    /// <c>&lt;style&gt;</c> elements (its own, its theme's and its notifications'), allowed by their
    /// hashes, and sets style attributes, which cannot run script or reach another origin. Scripts stay
    /// <c>'self'</c> alone. The hashes belong to the Scalar.AspNetCore version in Directory.Packages.props:
    /// after an upgrade, the browser test names any stylesheet Chromium refused, with its hash.
    /// </summary>
    public static readonly ContentSecurityPolicy Policy = new(
        "default-src 'self'; script-src 'self'; " +
        "style-src 'self' 'sha256-l704k2tJRLboBEVRm9Pjp9kDeuXHVsrqbp7U+mlZZQ8=' " +
        "'sha256-T13Uev3xCax2N28XaoAE8DOzQZKvPp7ZQVAi1iRREjo=' 'sha256-l/2OpPg0d+2VLTLgwjf5mQo2CYwHDEqdj5TjbfEyVJI='; " +
        "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");

    public static void AddReference(this WebApplicationBuilder builder) =>
        builder.Services.Configure<RazorPagesOptions>(o =>
            o.Conventions.AddPageApplicationModelConvention("/Reference/Api", page => page.EndpointMetadata.Add(Policy)));

    public static void MapReference(this WebApplication app)
    {
        // Scalar's endpoint also renders a page of its own, whose inline start-up script and settings would
        // be a second reference to keep in step with /api: it serves the script alone, and anything else it
        // would answer leads to /api.
        app.MapScalarApiReference(Prefix)
            .AddEndpointFilter((context, next) => context.HttpContext.Request.Path == Script
                ? next(context)
                : ValueTask.FromResult<object?>(TypedResults.Redirect("/api")))
            .ExcludeFromDescription()
            .AllowAnonymous();
    }
}
