using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// External systems that hold personal data about the people Vern answers for. Each is registered as
/// an <see cref="IPersonalDataSource"/> only when its address is configured, so a deployment without
/// HubSpot never tries to call it and never reports on it.
/// </summary>
internal static class ConnectorsFeature
{
    public const string Section = "Rights:Connectors";

    /// <summary>The most a connector reads of an answer: an export of one person's records fits many times over.</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    public static void AddConnectors(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var baseDelay = section.GetValue("RetryBaseDelay", TimeSpan.FromSeconds(2));
        var services = builder.Services;

        var hubSpot = section.GetSection("HubSpot");
        if (hubSpot["BaseUrl"] is { Length: > 0 } hubSpotUrl)
        {
            var token = Required(hubSpot, "AccessToken");
            services.AddHttpClient<HubSpotConnector>(c =>
                {
                    c.BaseAddress = AsBase(hubSpotUrl);
                    c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                })
                .AddConnectorResilience(baseDelay);
            services.AddTransient<IPersonalDataSource>(sp => sp.GetRequiredService<HubSpotConnector>());
        }

        var analytics = section.GetSection("GoogleAnalytics");
        if (analytics["BaseUrl"] is { Length: > 0 } analyticsUrl)
        {
            services.AddSingleton(new GoogleAnalyticsConnector.Settings(Required(analytics, "PropertyId")));
            var client = services.AddHttpClient<GoogleAnalyticsConnector>(c => c.BaseAddress = AsBase(analyticsUrl));
            switch (analytics["ServiceAccountKeyFile"], analytics["AccessToken"])
            {
                case ({ Length: > 0 } keyFile, null or ""):
                    // Read now, so a wrong file stops start-up rather than the first erasure.
                    var key = GoogleServiceAccountKey.Load(keyFile, $"{analytics.Path}:ServiceAccountKeyFile");
                    services.AddSingleton(_ => key);
                    services.AddSingleton<GoogleServiceAccountToken>();
                    services.AddHttpClient(GoogleServiceAccountToken.ClientName).AddConnectorResilience(baseDelay);
                    // Outside the retries: a token is fetched once per call, not once per try.
                    client.AddHttpMessageHandler(sp => new GoogleServiceAccountToken.Authentication(sp.GetRequiredService<GoogleServiceAccountToken>()));
                    break;
                case (null or "", { Length: > 0 } token):
                    // Expires after an hour: for a quick manual test, not for a running deployment.
                    client.ConfigureHttpClient(c => c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token));
                    break;
                case (null or "", null or ""):
                    throw new StartupException(
                        $"{analytics.Path}:ServiceAccountKeyFile (or, for a short test, {analytics.Path}:AccessToken) must be set when the connector's address is set.");
                default:
                    throw new StartupException($"Set {analytics.Path}:ServiceAccountKeyFile or {analytics.Path}:AccessToken, not both.");
            }
            client.AddConnectorResilience(baseDelay);
            services.AddTransient<IPersonalDataSource>(sp => sp.GetRequiredService<GoogleAnalyticsConnector>());
        }

        var webhook = section.GetSection("Webhook");
        if (webhook["Url"] is { Length: > 0 } webhookUrl)
        {
            var name = webhook["Name"] is { Length: > 0 } configured ? configured : "webhook";
            services.AddSingleton(new WebhookConnector.Settings(name, Encoding.UTF8.GetBytes(Required(webhook, "Secret"))));
            var url = WebhookUrl(webhook, webhookUrl);
            // The configured URL is the endpoint itself, not a base to append paths to.
            services.AddHttpClient<WebhookConnector>(c => c.BaseAddress = url)
                .AddConnectorResilience(baseDelay);
            services.AddTransient<IPersonalDataSource>(sp => sp.GetRequiredService<WebhookConnector>());
        }

        // The licensed product, where customers' forwarded requests are carried out: signed and sent like the webhook.
        var product = builder.Configuration.GetSection(ProductSection);
        if (product["Url"] is { Length: > 0 } productUrl)
        {
            services.AddSingleton(new ProductConnector.Settings(Encoding.UTF8.GetBytes(Required(product, "Secret"))));
            var url = WebhookUrl(product, productUrl);
            services.AddHttpClient<ProductConnector>(c => c.BaseAddress = url).AddConnectorResilience(baseDelay);
        }
    }

    public const string ProductSection = "Customers:Product";

    /// <summary>
    /// The webhook carries people's e-mail addresses and the data exported about them, so it goes over
    /// HTTPS only; <c>AllowHttp</c> is for a local endpoint in development and tests.
    /// </summary>
    private static Uri WebhookUrl(IConfigurationSection webhook, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new StartupException($"{webhook.Path}:Url must be an absolute https address, such as https://example.com/hooks/vern, not '{text}'.");
        if (url.Scheme == Uri.UriSchemeHttp && !webhook.GetValue("AllowHttp", false))
            throw new StartupException(
                $"{webhook.Path}:Url must use https: the webhook carries personal data. For a local endpoint in development, set {webhook.Path}:AllowHttp=true.");
        return url;
    }

    /// <summary>
    /// A few quick tries with exponential backoff and jitter, honouring Retry-After, each try limited
    /// to 10 seconds and the whole call to a minute, so a blip does not fail a request; a longer outage is left to the
    /// durable schedule of <see cref="Backoff"/>. The client's own logging is removed because request
    /// URLs carry e-mail addresses; connectors log through <see cref="ConnectorLog"/> instead.
    /// </summary>
    private static void AddConnectorResilience(this IHttpClientBuilder client, TimeSpan baseDelay)
    {
        client.RemoveAllLoggers();
        // A redirect is answered as the failure it is, never followed: the signed event and the
        // person's data go only to the configured address, not wherever a compromised or
        // misconfigured endpoint points.
        client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        // Answers are small JSON documents; a larger one fails the call after that many bytes
        // instead of filling memory.
        client.ConfigureHttpClient(c => c.MaxResponseContentBufferSize = MaxAnswerBytes);
        client.AddResilienceHandler("connector", pipeline =>
        {
            // The pauses between tries are real network waits, not business time: they run on the
            // system clock even where the application's clock is another (a test's, a replay's).
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(TimeSpan.FromSeconds(60));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = ConnectorHttp.Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldRetryAfterHeader = true,
                // An answer over the size limit would only be as large again.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(10));
        });
        client.AddHttpMessageHandler(() => new ConnectorHttp.AttemptCounter());
    }

    /// <summary>Paths are appended to the base, so it must end with a slash or its last segment would be replaced.</summary>
    private static Uri AsBase(string url) => new(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);

    private static string Required(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value
            ? value
            : throw new StartupException($"{section.Path}:{key} must be set when the connector's address is set.");
}
