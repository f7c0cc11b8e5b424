namespace Vern.Features.Centre;

internal static class CentreFeature
{
    /// <summary>The privacy centre's pages are Razor Pages; only the feed is an endpoint.</summary>
    public static void MapCentre(this WebApplication app) =>
        app.MapGet("/privacy/subprocessors.atom", SubprocessorFeed.Handle)
            .WithName("SubprocessorFeed")
            .WithTags("Privacy centre")
            .WithSummary("Changes to the public sub-processor list, as an Atom 1.0 feed.")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .RequireRateLimiting(Infrastructure.Hosting.HostingFeature.PublicRateLimit)
            .AllowAnonymous();
}
