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
        services.AddSingleton<Jobs.WorkLease>();
        services.AddScoped<Email.MailOutbox>();
        services.AddHostedService<Email.OutboxDelivery>();
        services.AddSingleton<PublicUrl>();

        // Personal data never reaches a log sink: anything classified as personal is erased.
        builder.Logging.EnableRedaction();
        // The request start and finish lines carry the full URL with its query, where the e-mailed links
        // put their secrets (confirmation and download tokens): they are never written, whatever level
        // the configuration asks for Microsoft.AspNetCore. Warnings and errors from that category still are.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
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
        var (proxies, networks) = TrustedProxies(builder.Configuration.GetSection("Vern:TrustedProxies"));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only the configured proxies count.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
        // Outside Development every cookie Vern writes (the staff session, two-factor, anti-forgery) is
        // Secure whenever people reach Vern over https, which serving there requires: the request Vern sees
        // may be plain http from a proxy that ended TLS, so the request's scheme cannot decide.
        var secureCookies = !builder.Environment.IsDevelopment() && PublicUrl.IsHttps(builder.Configuration);
        services.Configure<CookiePolicyOptions>(o => o.Secure = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.None);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddRateLimits(builder.Configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DataDirectoryHealthCheck>("data-directory");

        // Telemetry is off unless an endpoint is configured: nothing leaves the machine by default, and
        // without an exporter, collecting metrics and a trace for every request would be work and memory for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            services.AddOpenTelemetry()
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter("Vern"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = MaskClient).AddSource("Vern"))
                .UseOtlpExporter();
    }

    /// <summary>
    /// A trace names the client's network, never its address, and not its browser's header: traces leave the machine,
    /// and the definition promises addresses are masked before anything keeps them.
    /// </summary>
    private static void MaskClient(System.Diagnostics.Activity activity, HttpRequest request)
    {
        activity.SetTag("client.address", Privacy.MaskedNetwork.Of(request.HttpContext.Connection.RemoteIpAddress));
        activity.SetTag("user_agent.original", null);
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

    /// <summary>
    /// Forwarded headers count only from <c>Vern:TrustedProxies</c> (addresses or CIDR networks): from
    /// anyone else an <c>X-Forwarded-For</c> is a claim the client makes about itself, and honouring it
    /// would let one client spread its requests over any number of rate-limit buckets.
    /// </summary>
    private static (List<System.Net.IPAddress> Proxies, List<System.Net.IPNetwork> Networks) TrustedProxies(IConfigurationSection section)
    {
        // A list from appsettings, or one comma-separated value from an environment variable or the command line.
        var entries = section.Value is { } single ? single.Split(',') : section.Get<string[]>() ?? [];
        List<System.Net.IPAddress> proxies = [];
        List<System.Net.IPNetwork> networks = [];
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (!entry.Contains('/', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(entry, out var address))
                proxies.Add(address);
            else
                throw new StartupException($"Vern:TrustedProxies must list IP addresses or networks such as 10.0.0.0/8, not '{entry}'.");
        }
        return (proxies, networks);
    }

    // Partitions by client address; the address is used in memory only and never stored.
    private static string ClientKey(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static void UseHosting(this WebApplication app)
    {
        // With no list the middleware would accept forwarded headers from any address, so it runs only with one.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value is { KnownProxies.Count: > 0 } or { KnownIPNetworks.Count: > 0 })
            app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseCookiePolicy();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        // Before the rate limiter, so a refused request still carries the CORS headers the browser needs to read it.
        app.UseCors();
        app.UseRateLimiter();
        // After CORS, so a refused cross-origin call can be read; before anything reads a body.
        app.UseMiddleware<BodyLimits>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapHosting(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").DisableHttpMetrics().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        // A path that matches nothing is a 404 for everyone: without an endpoint, the fallback
        // authorization policy would send a mistyped public address to the staff sign-in page.
        app.MapFallback("{*path}", () => TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
    }
}
