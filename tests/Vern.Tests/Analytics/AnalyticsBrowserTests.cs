using Microsoft.Playwright;
using Vern.Features.Analytics;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent.Banner;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Analytics;

/// <summary>
/// The demo website's own statistics in a real browser: held back until the visitor allows statistics, then page
/// views (also a single-page site's), engaged time and goals; withdrawal stops them and deletes what was counted.
/// A cookieless site counts without storing anything on the device.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class AnalyticsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Statistics_start_with_consent_count_pages_engaged_time_and_goals_and_withdrawal_stops_and_deletes_them()
    {
        await using var app = await TestApp.StartAsync();
        await using var visit = await BannerVisit.StartAsync(browser, app, userAgent: AnalyticsApi.Chrome);
        var beacons = new List<string>();
        visit.Page.Request += (_, r) =>
        {
            if (r.Url.Contains(AnalyticsApi.Events, StringComparison.Ordinal))
                beacons.Add(r.PostData ?? "");
        };

        await visit.Site.OpenAsync("/");
        await Expect(visit.Banner.Dialog).ToBeVisibleAsync();
        await visit.Page.WaitForTimeoutAsync(1000);
        Assert.Empty(beacons);
        Assert.Empty(await AnalyticsApi.StoredAsync(app));

        await visit.Banner.AcceptAll.ClickAsync();
        await visit.Site.WaitForCookiesAsync("vern_consent");
        var visitor = app.Get<VisitorIds>().AnalyticsId((await visit.Site.ConsentCookieAsync())!.Value.GetProperty("v").GetString()!);
        var first = Assert.Single(await AnalyticsApi.StoredAsync(app, atLeast: 1));
        Assert.Equal((AnalyticsEventKind.PageView, "/", visitor, "Chrome"), (first.Kind, first.Path, first.Visitor, first.Browser));

        // A single-page site moves on with the History API: the time on the page it left, then a page view.
        await visit.Page.WaitForTimeoutAsync(300);
        await visit.Page.EvaluateAsync("history.pushState({}, '', '/pricing?utm_campaign=winter')");
        var moved = await AnalyticsApi.StoredAsync(app, stored => stored.Count(e => e.Kind == AnalyticsEventKind.PageView) == 2 && stored.Any(e => e.Kind == AnalyticsEventKind.Engagement));
        var engaged = Assert.Single(moved, e => e.Kind == AnalyticsEventKind.Engagement);
        Assert.Equal("/", engaged.Path);
        Assert.InRange(engaged.EngagedMs!.Value, 300, 60_000);
        Assert.Contains(moved, e => e is { Kind: AnalyticsEventKind.PageView, Path: "/pricing", UtmCampaign: "winter" });

        // The footer's newsletter form is a goal: counted as it is sent, before the next page loads.
        await visit.Site.OpenAsync("/");
        await visit.Page.GetByLabel("Our monthly newsletter").FillAsync("reader@example.com");
        await visit.Page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await visit.Page.WaitForLoadStateAsync();
        var withGoal = await AnalyticsApi.StoredAsync(app, stored => stored.Any(e => e.Kind == AnalyticsEventKind.Custom));
        Assert.Contains(withGoal, e => e is { Kind: AnalyticsEventKind.Custom, Name: "newsletter" });
        Assert.All(withGoal, e => Assert.Equal(visitor, e.Visitor));

        await visit.Page.EvaluateAsync("() => window.Vern.consent.withdraw()");
        var sent = beacons.Count;
        await visit.Page.EvaluateAsync("history.pushState({}, '', '/product')");
        await visit.Page.EvaluateAsync("() => window.Vern.track('signup')");
        Assert.Empty(await AnalyticsApi.StoredAsync(app));
        Assert.Equal(sent, beacons.Count);
    }

    [Fact]
    public async Task On_a_cookieless_site_visits_are_counted_before_any_choice_with_nothing_stored_on_the_device()
    {
        await using var app = await TestApp.StartAsync();
        await AnalyticsApi.SetAnalyticsAsync(app, $"analytics:\n  purpose: site-statistics\n  cookielessSites: [{app.BaseAddress.Host}]");
        await using var visit = await BannerVisit.StartAsync(browser, app, userAgent: AnalyticsApi.Chrome);

        await visit.Site.OpenAsync("/");
        await Expect(visit.Banner.Dialog).ToBeVisibleAsync();
        await visit.Site.OpenAsync("/pricing");

        var stored = await AnalyticsApi.StoredAsync(app, stored => stored.Count(e => e.Kind == AnalyticsEventKind.PageView) == 2);
        Assert.All(stored, e => Assert.True(e.Cookieless));
        Assert.Equal(["/", "/pricing"], stored.Where(e => e.Kind == AnalyticsEventKind.PageView).Select(e => e.Path).Order().ToArray());
        Assert.Single(stored.Select(e => e.Visitor).Distinct());
        // Only the site's own anti-forgery cookie for its forms, which the server sets with or without statistics.
        Assert.Equal(["vern_af"], (await visit.Context.CookiesAsync()).Select(c => c.Name).ToArray());
        Assert.Equal(0, await visit.Site.StorageKeysAsync());
    }
}
