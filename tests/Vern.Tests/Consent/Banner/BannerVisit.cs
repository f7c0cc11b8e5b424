using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vern.Tests.Consent.Banner.Pages;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent.Banner;

/// <summary>One app for all banner tests: each test is a new visitor in a browser context of its own.</summary>
public sealed class BannerApp : IAsyncLifetime
{
    private TestApp? app;

    public TestApp App => app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => app = await TestApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (app is not null)
            await app.DisposeAsync();
    }
}

/// <summary>
/// A first-time visitor of the demo website: a fresh browser context whose third-party hosts are
/// answered by <see cref="ThirdParties"/> and whose consent decisions, recorded by the app's own
/// ledger, are also noted as the browser sent them.
/// </summary>
internal sealed class BannerVisit(BrowserSession session, TestApp app, ThirdParties thirdParties, ConsentApi api, JsonObject config) : IAsyncDisposable
{
    public IPage Page => session.Page;
    public IBrowserContext Context => session.Context;
    public DemoSite Site { get; } = new(session.Page);
    public ConsentBanner Banner { get; } = new(session.Page, config);
    public ThirdParties ThirdParties => thirdParties;
    public ConsentApi Api => api;
    public JsonObject Config => config;

    public static async Task<BannerVisit> StartAsync(BrowserFixture browser, TestApp app, string lang = "en", bool gpc = false, string? userAgent = null)
    {
        var session = await browser.OpenAsync(app, userAgent);
        if (gpc)
            await session.Context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });");
        await DemoSite.ListenForConsentEventsAsync(session.Context);
        var thirdParties = await ThirdParties.InstallAsync(session.Context, app.BaseAddress);
        var api = ConsentApi.Record(session.Context);
        var config = await ConsentApi.ConfigAsync(app, lang);
        return new BannerVisit(session, app, thirdParties, api, config);
    }

    public int Revision => config["revision"]!.GetValue<int>();

    /// <summary>
    /// Writes the vern_consent cookie as an earlier visit would have left it. The decision is recorded in
    /// the ledger first, as the banner does, because the banner applies a stored choice only while it is
    /// still the visitor's latest decision there; the cookie then carries the given revision and age.
    /// </summary>
    public async Task SetStoredChoiceAsync(int revision, DateTimeOffset decidedAt, bool analytics, bool marketing)
    {
        using var client = app.CreateClient();
        var issued = await Vern.Tests.Consent.ConsentApi.IssueAsync(client);
        var visitorId = issued["visitorId"]!.GetValue<string>();
        var recorded = await Vern.Tests.Consent.ConsentApi.RecordAsync(client,
            Vern.Tests.Consent.ConsentApi.Body(visitorId, analytics: analytics, marketing: marketing, revision: Revision));
        var value = JsonSerializer.Serialize(new
        {
            v = visitorId,
            a = issued["analyticsId"]!.GetValue<string>(),
            r = revision,
            id = recorded["id"]!.GetValue<string>(),
            t = decidedAt.ToUnixTimeSeconds(),
            c = new { analytics = analytics ? 1 : 0, marketing = marketing ? 1 : 0 },
        });
        await Context.AddCookiesAsync([new Cookie { Name = "vern_consent", Value = Uri.EscapeDataString(value), Url = app.BaseAddress.ToString() }]);
    }

    /// <summary>A page of the app's origin, written here, that embeds the banner with <paramref name="scriptAttributes"/>.</summary>
    public Task ServeCustomerPageAsync(string path, string lang, string scriptAttributes = "") =>
        Page.RouteAsync("**" + path, route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                <!DOCTYPE html>
                <html lang="{lang}"><head><meta charset="utf-8"><title>Kunde</title>
                <script src="/consent/banner.js" defer {scriptAttributes}></script>
                <script type="text/plain" data-consent="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-DEMO000000" async></script>
                </head><body><main><h1>Velkommen</h1><p><a href="#top">Til toppen</a></p></main></body></html>
                """,
        }));

    public ValueTask DisposeAsync() => session.DisposeAsync();
}
