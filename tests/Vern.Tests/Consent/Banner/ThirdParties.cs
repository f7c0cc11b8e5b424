using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Vern.Tests.Consent.Banner;

/// <summary>
/// Stands in for Google's and HubSpot's hosts: every request that leaves the app's origin is
/// recorded and answered here, never by the network. The script stand-ins do what matters to
/// consent: they note that they ran, what the dataLayer held when they did, which HubSpot consent
/// calls they received, and they set the vendors' cookies.
/// </summary>
internal sealed class ThirdParties
{
    private const string GtagStandIn = """
        (function () {
          var t = window.__vernTest = window.__vernTest || {};
          t.gtagLoaded = true;
          t.dataLayerAtLoad = JSON.parse(JSON.stringify(Array.prototype.map.call(window.dataLayer || [], function (e) { return Array.prototype.slice.call(e); })));
          document.cookie = '_ga=GA1.1.1234567890.1700000000;path=/;max-age=63072000';
          document.cookie = '_ga_DEMO000000=GS1.1.1700000000.1.0.1700000000.0.0.0;path=/;max-age=63072000';
          new Image().src = 'https://region1.google-analytics.com/g/collect?v=2&tid=G-DEMO000000&en=page_view';
        })();
        """;

    // Keeps the cookies on revokeCookieConsent, so a test sees what the banner itself deletes.
    private const string HubSpotStandIn = """
        (function () {
          var t = window.__vernTest = window.__vernTest || {};
          t.hubspotLoaded = true;
          t.hubspotBannerDisabled = window.disableHubSpotCookieBanner === true;
          t.hsp = (window._hsp || []).map(function (c) { return JSON.stringify(c); });
          window._hsp = { push: function (c) { t.hsp.push(JSON.stringify(c)); } };
          document.cookie = '__hstc=1.1700000000.1700000000.1700000000.1;path=/;max-age=15552000';
          document.cookie = 'hubspotutk=4f1f6e2c9d8b4a7e8f0a1b2c3d4e5f60;path=/;max-age=15552000';
          document.cookie = '__hssc=1.1.1700000000;path=/;max-age=1800';
          document.cookie = '__hssrc=1;path=/';
          new Image().src = 'https://track.hubspot.com/__pt.gif?portalId=1234567';
        })();
        """;

    private readonly ConcurrentQueue<string> requests = new();

    /// <summary>Every request to a host other than the app's, in the order the browser made them.</summary>
    public IReadOnlyCollection<string> Requests => requests;

    public static async Task<ThirdParties> InstallAsync(IBrowserContext context, Uri app)
    {
        var recorder = new ThirdParties();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Authority == app.Authority)
            {
                await route.FallbackAsync();
                return;
            }
            recorder.requests.Enqueue(route.Request.Url);
            var body = url.Host switch
            {
                "www.googletagmanager.com" when url.AbsolutePath == "/gtag/js" => GtagStandIn,
                "js.hs-scripts.com" => HubSpotStandIn,
                _ => null,
            };
            await route.FulfillAsync(body is null
                ? new() { Status = 204 }
                : new() { Status = 200, ContentType = "text/javascript", Body = body });
        });
        return recorder;
    }
}
