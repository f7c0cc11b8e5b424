using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Security;

namespace Vern.Infrastructure.Hosting;

internal static class HostingFeature
{
    public const string PublicRateLimit = "public";

    /// <summary>
    /// Cheap reads every page view makes (the banner asking whether its stored choice still holds): many
    /// visitors share one address behind an office's NAT, so they get more room than writes do.
    /// </summary>
    public const string PageViewRateLimit = "page-view";
    public const string LoginRateLimit = "login";

    public static void AddHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.UseWebRoot(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:5080");

        var dataDirectory = new DataDirectory(builder.Configuration);
        services.AddSingleton(dataDirectory);
        // Cookie and anti-forgery keys live with the rest of Vern's state, not in a user profile.
        services.AddDataProtection()
            .SetApplicationName("Vern")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.File("data-protection")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Email.Mailer>();

        // Personal data never reaches a log sink: anything classified as personal is erased.
        builder.Logging.EnableRedaction();
        services.AddRedaction(r => r.SetRedactor<ErasingRedactor>(new DataClassificationSet(PrivacyTaxonomy.PersonalData)));

        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailable>();
        services.AddOpenApi();
        services.AddRazorPages(o => o.RootDirectory = "/Features");
        // Pages in Norwegian keep æ, ø and å as letters instead of numeric references; markup characters are still escaped.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "vern_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddRateLimits(builder.Configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DataDirectoryHealthCheck>("data-directory");

        // Telemetry is off unless an endpoint is configured: nothing leaves the machine by default, and
        // without an exporter, collecting metrics and a trace for every request would be work and memory for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            services.AddOpenTelemetry()
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter("Vern"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("Vern"))
                .UseOtlpExporter();
    }

    private static void AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue("Vern:RateLimiting:Enabled", true);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address, a fixed number of requests a minute.
            void PerMinute(string policy, int permits) => o.AddPolicy(policy, ctx => enabled
                ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx), _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter(""));
            PerMinute(PublicRateLimit, 120);
            PerMinute(PageViewRateLimit, 1200);
            PerMinute(LoginRateLimit, 10);
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: 429, title: "Too many requests", detail: "Wait a minute and try again.")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
    }

    // Partitions by client address; the address is used in memory only and never stored.
    private static string ClientKey(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static void UseHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        // Before the rate limiter, so a refused request still carries the CORS headers the browser needs to read it.
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapHosting(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").DisableHttpMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRazorPages();
    }
}
