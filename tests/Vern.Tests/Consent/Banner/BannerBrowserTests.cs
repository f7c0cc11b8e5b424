using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Tests.Consent.Banner.Pages;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Consent.Banner;

[Collection(UsesBrowser.Name)]
public sealed partial class BannerBrowserTests(BrowserFixture browser, BannerApp fixture) : IClassFixture<BannerApp>
{
    private static readonly string[] GoogleSignals = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];

    // Google Analytics (its tag and its configuration), Vern's own statistics, and HubSpot.
    private const int HeldScripts = 4;

    private TestApp App => fixture.App;

    [Fact]
    public async Task Before_a_choice_nothing_runs_and_nothing_is_stored_whatever_the_visitor_does()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);

        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();

        // Waiting, scrolling, Escape and clicking outside: none of it is consent.
        await visit.Page.WaitForTimeoutAsync(1500);
        await visit.Page.Mouse.WheelAsync(0, 2000);
        await visit.Page.Keyboard.PressAsync("Escape");
        await visit.Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync(new() { Force = true });
        await site.OpenAsync("/product");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await visit.Page.WaitForTimeoutAsync(500);

        Assert.Empty(visit.ThirdParties.Requests);
        Assert.Empty(visit.Api.Decisions);
        Assert.Empty(await site.TrackerCookiesPresentAsync());
        Assert.DoesNotContain("vern_consent", await site.CookieNamesAsync());
        Assert.Equal(0, await site.StorageKeysAsync());
        Assert.Equal(HeldScripts, await site.BlockedScriptsAsync());
        Assert.False(await site.GoogleAnalyticsRanAsync());
        Assert.Empty(await site.ConsentEventsAsync());
        var consent = await site.ConsentCommandsAsync();
        Assert.Equal(("default", GoogleSignals.ToDictionary(s => s, _ => "denied")), Assert.Single(consent), new ConsentComparer());
    }

    [Fact]
    public async Task The_first_layer_names_the_purposes_links_the_declaration_and_policy_and_offers_three_equal_choices()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");

        foreach (var id in new[] { "necessary", "analytics", "marketing" })
            await Expect(banner.Dialog.GetByRole(AriaRole.Listitem).Filter(new() { HasText = banner.CategoryName(id) })).ToBeVisibleAsync();
        var links = await banner.Dialog.GetByRole(AriaRole.Link).EvaluateAllAsync<string[]>("links => links.map(a => a.pathname)");
        Assert.Contains("/privacy/cookies", links);
        Assert.Contains("/privacy/policy", links);

        await Expect(banner.Choices).ToHaveCountAsync(3);
        await Expect(banner.AcceptAll).ToBeVisibleAsync();
        await Expect(banner.RejectAll).ToBeVisibleAsync();
        await Expect(banner.Customise).ToBeVisibleAsync();
        var looks = await banner.Choices.EvaluateAllAsync<string[]>("""
            buttons => buttons.map(b => {
              const s = getComputedStyle(b), r = b.getBoundingClientRect();
              return [s.fontSize, s.fontWeight, s.fontFamily, s.color, s.backgroundColor, s.borderTopWidth, s.borderTopColor,
                      s.paddingTop, Math.round(r.width), Math.round(r.height)].join(' | ');
            })
            """);
        Assert.Equal(3, looks.Length);
        Assert.All(looks, look => Assert.Equal(looks[0], look));

        await banner.Customise.ClickAsync();
        await Expect(banner.Category("analytics")).Not.ToBeCheckedAsync();
        await Expect(banner.Category("marketing")).Not.ToBeCheckedAsync();
        await Expect(banner.Category("necessary")).ToBeCheckedAsync();
        await Expect(banner.Category("necessary")).ToBeDisabledAsync();
        await Expect(banner.Choices).ToHaveCountAsync(3);
        var text = await banner.Dialog.InnerTextAsync();
        Assert.DoesNotContain("legitimate", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("berettiget", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Accept_all_is_recorded_first_then_starts_Google_Analytics_and_HubSpot_with_consent_granted()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");

        await banner.AcceptAll.ClickAsync();
        await site.WaitForGoogleAnalyticsAsync();
        await site.WaitForHubSpotAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();

        var decision = Assert.Single(visit.Api.Decisions);
        Assert.Equal("accept_all", decision["action"]!.GetValue<string>());
        Assert.True(decision["categories"]!["analytics"]!.GetValue<bool>());
        Assert.True(decision["categories"]!["marketing"]!.GetValue<bool>());
        Assert.True(decision["services"]!["google-analytics"]!.GetValue<bool>());
        Assert.False(decision["gpc"]!.GetValue<bool>());
        Assert.Equal(visit.Revision, decision["revision"]!.GetValue<int>());
        Assert.Equal("en", decision["language"]!.GetValue<string>());
        var visitorId = decision["visitorId"]!.GetValue<string>();
        Assert.Matches(VisitorId(), visitorId);

        // Consent Mode: denied by default before gtag.js loaded, granted by the update it found.
        var atLoad = await site.JsonAsync("window.__vernTest.dataLayerAtLoad");
        var seen = DemoSite.ConsentCommands(atLoad);
        Assert.Equal("default", seen[0].Kind);
        Assert.All(GoogleSignals, s => Assert.Equal("denied", seen[0].Signals[s]));
        Assert.Equal("update", seen[^1].Kind);
        Assert.All(GoogleSignals, s => Assert.Equal("granted", seen[^1].Signals[s]));

        var hubspot = await site.HubSpotCommandsAsync();
        Assert.Contains("""["setHubSpotConsent",{"analytics":true,"advertisement":true,"functionality":true}]""", hubspot);
        Assert.True(await visit.Page.EvaluateAsync<bool>("() => window.__vernTest.hubspotBannerDisabled"));
        Assert.Equal(0, await site.BlockedScriptsAsync());
        Assert.Contains(visit.ThirdParties.Requests, r => r.StartsWith("https://www.googletagmanager.com/gtag/js?id=G-DEMO000000", StringComparison.Ordinal));
        Assert.Contains(visit.ThirdParties.Requests, r => r.StartsWith("https://js.hs-scripts.com/", StringComparison.Ordinal));

        var cookie = (await site.ConsentCookieAsync())!.Value;
        Assert.Equal(visitorId, cookie.GetProperty("v").GetString());
        // Google's client id is the analytics id issued with the visitor id; the visitor id itself never leaves for a third party.
        await visit.Page.WaitForFunctionAsync("() => window.dataLayer.some(e => e[0] === 'config')");
        var dataLayer = await visit.Page.EvaluateAsync<string>("() => JSON.stringify(Array.prototype.map.call(window.dataLayer, e => Array.prototype.slice.call(e)))");
        Assert.Contains($"\"client_id\":\"{cookie.GetProperty("a").GetString()}\"", dataLayer, StringComparison.Ordinal);
        Assert.DoesNotContain(visitorId, dataLayer, StringComparison.Ordinal);
        Assert.DoesNotContain(visit.ThirdParties.Requests, r => r.Contains(visitorId, StringComparison.Ordinal));
        Assert.DoesNotContain(visitorId, await visit.Page.EvaluateAsync<string>("() => JSON.stringify(Vern.consent.get())"), StringComparison.Ordinal);
        Assert.Equal(visit.Revision, cookie.GetProperty("r").GetInt32());
        Assert.Equal(1, cookie.GetProperty("c").GetProperty("analytics").GetInt32());
        Assert.Equal(1, cookie.GetProperty("c").GetProperty("marketing").GetInt32());
        Assert.False(string.IsNullOrEmpty(cookie.GetProperty("id").GetString()));
        Assert.InRange(cookie.GetProperty("t").GetInt64(), TimeProvider.System.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds(), TimeProvider.System.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds());
        var expires = (await visit.Context.CookiesAsync()).Single(c => c.Name == "vern_consent").Expires;
        // The same five minutes' slack as the decision time above: the browser's clock and the test's are read apart.
        Assert.InRange(expires - TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), 181 * 86400, 182 * 86400 + 300);

        // The choice is remembered: the next page asks nothing and starts the tags at once.
        var thirdPartyRequestsBefore = visit.ThirdParties.Requests.Count;
        await site.OpenAsync("/pricing");
        await site.WaitForGoogleAnalyticsAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();
        Assert.Single(visit.Api.Decisions);
        Assert.True(visit.ThirdParties.Requests.Count > thirdPartyRequestsBefore);
        Assert.Contains("""["setHubSpotConsent",{"analytics":true,"advertisement":true,"functionality":true}]""", await site.HubSpotCommandsAsync());
    }

    [Fact]
    public async Task Reject_all_loads_nothing_now_or_on_the_next_page()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");

        await banner.RejectAll.ClickAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();
        await site.OpenAsync("/product");
        await visit.Page.WaitForTimeoutAsync(500);

        await Expect(banner.Dialog).ToBeHiddenAsync();
        var decision = Assert.Single(visit.Api.Decisions);
        Assert.Equal("reject_all", decision["action"]!.GetValue<string>());
        Assert.False(decision["categories"]!["analytics"]!.GetValue<bool>());
        Assert.False(decision["categories"]!["marketing"]!.GetValue<bool>());
        Assert.Empty(visit.ThirdParties.Requests);
        Assert.Empty(await site.TrackerCookiesPresentAsync());
        Assert.Equal(HeldScripts, await site.BlockedScriptsAsync());
        var update = (await site.ConsentCommandsAsync()).Last();
        Assert.Equal("update", update.Kind);
        Assert.All(GoogleSignals, s => Assert.Equal("denied", update.Signals[s]));
        Assert.Contains("""["setHubSpotConsent",{"analytics":false,"advertisement":false,"functionality":false}]""", await site.HubSpotCommandsAsync());
    }

    [Fact]
    public async Task Customise_with_statistics_only_starts_Google_Analytics_and_not_HubSpot()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");

        await banner.Customise.ClickAsync();
        await banner.Category("analytics").CheckAsync();
        await banner.Save.ClickAsync();
        await site.WaitForGoogleAnalyticsAsync();
        await visit.Page.WaitForTimeoutAsync(500);

        Assert.False(await site.HubSpotRanAsync());
        Assert.DoesNotContain(visit.ThirdParties.Requests, r => r.Contains("hs-scripts", StringComparison.Ordinal) || r.Contains("hubspot", StringComparison.Ordinal));
        var decision = Assert.Single(visit.Api.Decisions);
        Assert.Equal("custom", decision["action"]!.GetValue<string>());
        Assert.True(decision["categories"]!["analytics"]!.GetValue<bool>());
        Assert.False(decision["categories"]!["marketing"]!.GetValue<bool>());
        var update = (await site.ConsentCommandsAsync()).Last();
        Assert.Equal("granted", update.Signals["analytics_storage"]);
        Assert.Equal("denied", update.Signals["ad_storage"]);
        Assert.Equal("denied", update.Signals["ad_user_data"]);
        Assert.Equal("denied", update.Signals["ad_personalization"]);
        Assert.Contains("_ga", await site.TrackerCookiesPresentAsync());
        Assert.DoesNotContain("__hstc", await site.TrackerCookiesPresentAsync());
    }

    [Fact]
    public async Task Global_Privacy_Control_refuses_marketing_says_so_and_is_recorded()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App, gpc: true);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");

        await Expect(banner.GpcNotice).ToBeVisibleAsync();
        await banner.Customise.ClickAsync();
        await Expect(banner.Category("marketing")).ToBeDisabledAsync();
        await Expect(banner.Category("marketing")).Not.ToBeCheckedAsync();
        await banner.AcceptAll.ClickAsync();
        await site.WaitForGoogleAnalyticsAsync();
        await visit.Page.WaitForTimeoutAsync(500);

        Assert.False(await site.HubSpotRanAsync());
        var decision = Assert.Single(visit.Api.Decisions);
        Assert.True(decision["gpc"]!.GetValue<bool>());
        Assert.True(decision["categories"]!["analytics"]!.GetValue<bool>());
        Assert.False(decision["categories"]!["marketing"]!.GetValue<bool>());
        Assert.Equal("custom", decision["action"]!.GetValue<string>());
        Assert.Equal("denied", (await site.ConsentCommandsAsync()).Last().Signals["ad_storage"]);
        Assert.Empty(await visit.Page.EvaluateAsync<string[]>("() => document.cookie.split('; ').filter(c => /^(__hstc|hubspotutk)=/.test(c))"));
    }

    [Fact]
    public async Task The_cookie_settings_control_is_reachable_by_keyboard_and_reopens_the_stored_choice()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");
        await banner.Customise.ClickAsync();
        await banner.Category("analytics").CheckAsync();
        await banner.Save.ClickAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();

        await site.OpenAsync("/contact");
        await Expect(banner.Settings).ToBeVisibleAsync();
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await visit.Page.Keyboard.PressAsync("Tab");
            reached = (await site.ActiveElementAsync()).Contains("[data-vern-settings]", StringComparison.Ordinal);
        }
        Assert.True(reached, "Tab never reached the cookie settings control.");
        await visit.Page.Keyboard.PressAsync("Enter");

        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.EndsWith("in dialog", await site.ActiveElementAsync(), StringComparison.Ordinal);
        await Expect(banner.Category("analytics")).ToBeCheckedAsync();
        await Expect(banner.Category("marketing")).Not.ToBeCheckedAsync();

        // Escape leaves the preferences, then closes the reopened banner without a new decision.
        await visit.Page.Keyboard.PressAsync("Escape");
        await Expect(banner.Category("analytics")).ToBeHiddenAsync();
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await visit.Page.Keyboard.PressAsync("Escape");
        await Expect(banner.Dialog).ToBeHiddenAsync();
        Assert.Contains("[data-vern-settings]", await site.ActiveElementAsync(), StringComparison.Ordinal);
        Assert.Single(visit.Api.Decisions);
    }

    [Fact]
    public async Task Withdrawing_takes_two_steps_deletes_the_tracker_cookies_and_revokes_HubSpot_consent()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");
        await banner.AcceptAll.ClickAsync();
        await site.WaitForGoogleAnalyticsAsync();
        await site.WaitForHubSpotAsync();
        await site.WaitForCookiesAsync("_ga", "_ga_DEMO000000", "__hstc", "hubspotutk");
        Assert.Superset(new HashSet<string> { "_ga", "_ga_DEMO000000", "__hstc", "hubspotutk" }, (await site.TrackerCookiesPresentAsync()).ToHashSet());

        await banner.Settings.ClickAsync();
        await banner.RejectAll.ClickAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();

        Assert.Empty(await site.TrackerCookiesPresentAsync());
        Assert.Contains("""["revokeCookieConsent"]""", await site.HubSpotCommandsAsync());
        var update = (await site.ConsentCommandsAsync()).Last();
        Assert.All(GoogleSignals, s => Assert.Equal("denied", update.Signals[s]));
        Assert.Equal(["accept_all", "withdraw"], visit.Api.Decisions.Select(d => d["action"]!.GetValue<string>()));
        Assert.Equal(0, (await site.ConsentCookieAsync())!.Value.GetProperty("c").GetProperty("marketing").GetInt32());

        // The next page starts nothing.
        var before = visit.ThirdParties.Requests.Count;
        await site.OpenAsync("/product");
        await visit.Page.WaitForTimeoutAsync(500);
        Assert.Equal(before, visit.ThirdParties.Requests.Count);
        Assert.Equal(HeldScripts, await site.BlockedScriptsAsync());
    }

    [Fact]
    public async Task A_choice_older_than_182_days_is_asked_again_and_loads_nothing_meanwhile()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        var now = TimeProvider.System.GetUtcNow();

        await visit.SetStoredChoiceAsync(visit.Revision, now.AddDays(-181), analytics: true, marketing: false);
        await site.OpenAsync("/");
        await site.WaitForGoogleAnalyticsAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();

        await visit.Context.ClearCookiesAsync();
        var requests = visit.ThirdParties.Requests.Count;
        await visit.SetStoredChoiceAsync(visit.Revision, now.AddDays(-183), analytics: true, marketing: false);
        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await visit.Page.WaitForTimeoutAsync(500);
        Assert.False(await site.GoogleAnalyticsRanAsync());
        Assert.Equal(requests, visit.ThirdParties.Requests.Count);
    }

    [Fact]
    public async Task A_higher_revision_asks_again_at_once_and_nothing_loads_before_the_answer()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await visit.SetStoredChoiceAsync(visit.Revision - 1, TimeProvider.System.GetUtcNow().AddDays(-1), analytics: true, marketing: true);

        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await visit.Page.WaitForTimeoutAsync(500);
        Assert.Empty(visit.ThirdParties.Requests);
        Assert.Equal(HeldScripts, await site.BlockedScriptsAsync());

        await banner.AcceptAll.ClickAsync();
        await site.WaitForGoogleAnalyticsAsync();
        Assert.Equal(visit.Revision, Assert.Single(visit.Api.Decisions)["revision"]!.GetValue<int>());
        Assert.Equal(visit.Revision, (await site.ConsentCookieAsync())!.Value.GetProperty("r").GetInt32());
    }

    [Fact]
    public async Task A_Norwegian_page_gets_Norwegian_texts_and_a_centred_modal_banner_with_its_own_settings_button()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App, lang: "nb");
        var (site, banner) = (visit.Site, visit.Banner);
        await visit.ServeCustomerPageAsync("/kunde", "nb", "data-position=\"center\"");

        await visit.Page.GotoAsync("/kunde");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await Expect(banner.Dialog).ToHaveAttributeAsync("aria-modal", "true");
        await Expect(banner.AcceptAll).ToHaveTextAsync(banner.Text("acceptAll"));
        await Expect(banner.RejectAll).ToBeVisibleAsync();
        Assert.NotEqual("Accept all", banner.Text("acceptAll"));
        await Expect(banner.Dialog.GetByRole(AriaRole.Link, new() { Name = "Personvernerklæring" })).ToBeVisibleAsync();

        // A modal keeps Tab inside the dialog.
        for (var i = 0; i < 8; i++)
        {
            await visit.Page.Keyboard.PressAsync("Tab");
            Assert.EndsWith("in dialog", await site.ActiveElementAsync(), StringComparison.Ordinal);
        }

        await banner.RejectAll.ClickAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();
        Assert.Equal("nb", Assert.Single(visit.Api.Decisions)["language"]!.GetValue<string>());
        await Expect(banner.Settings).ToBeVisibleAsync();
        await banner.Settings.ClickAsync();
        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.Empty(visit.ThirdParties.Requests);
    }

    [Fact]
    public async Task The_JavaScript_API_records_decisions_and_fires_vern_consent_after_each()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.Equal(JsonValueKind.Null, (await site.JsonAsync("Vern.consent.get()")).ValueKind);

        var state = await site.JsonAsync("Vern.consent.update({ categories: { analytics: true } })");
        Assert.True(state.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.False(state.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.True(state.GetProperty("categories").GetProperty("necessary").GetBoolean());
        await Expect(banner.Dialog).ToBeHiddenAsync();
        await site.WaitForGoogleAnalyticsAsync();

        await visit.Page.EvaluateAsync("() => Vern.consent.acceptAll()");
        await site.WaitForHubSpotAsync();
        await visit.Page.EvaluateAsync("() => Vern.consent.withdraw()");
        await visit.Page.EvaluateAsync("() => Vern.consent.show()");
        await Expect(banner.Dialog).ToBeVisibleAsync();

        var events = await site.ConsentEventsAsync();
        Assert.Equal(3, events.Length);
        Assert.Equal(["custom", "accept_all", "withdraw"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["custom", "accept_all", "withdraw"], visit.Api.Decisions.Select(d => d["action"]!.GetValue<string>()));
        var current = await site.JsonAsync("Vern.consent.get()");
        Assert.Equal(events[^1].GetProperty("id").GetString(), current.GetProperty("id").GetString());
        Assert.False(current.GetProperty("categories").GetProperty("analytics").GetBoolean());
    }

    [Fact]
    public async Task A_decision_the_server_does_not_record_keeps_the_banner_open_and_loads_nothing()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await visit.Page.RouteAsync("**/api/v1/consent/decisions", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"Unavailable","status":503}""",
        }));
        await site.OpenAsync("/");

        await banner.AcceptAll.ClickAsync();
        await Expect(banner.Error).Not.ToBeEmptyAsync();
        await visit.Page.WaitForTimeoutAsync(500);

        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.Empty(visit.ThirdParties.Requests);
        Assert.DoesNotContain("vern_consent", await site.CookieNamesAsync());
        Assert.Empty(await site.ConsentEventsAsync());
        Assert.Equal(HeldScripts, await site.BlockedScriptsAsync());
        Assert.Equal("default", Assert.Single(await site.ConsentCommandsAsync()).Kind);
    }

    [Fact]
    public async Task The_banner_and_its_preferences_meet_WCAG_2_1_AA()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(visit.Page);

        await banner.Customise.ClickAsync();
        await Expect(banner.Category("analytics")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(visit.Page);
    }

    [Fact]
    public async Task Focus_moves_into_the_banner_and_returns_to_the_control_that_opened_it()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        await site.OpenAsync("/");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.EndsWith("in dialog", await site.ActiveElementAsync(), StringComparison.Ordinal);

        // Everything works from the keyboard, with a visible focus indicator.
        await visit.Page.Keyboard.PressAsync("Tab");
        var outline = await visit.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await banner.RejectAll.FocusAsync();
        await visit.Page.Keyboard.PressAsync("Enter");
        await Expect(banner.Dialog).ToBeHiddenAsync();

        await banner.Settings.FocusAsync();
        await visit.Page.Keyboard.PressAsync("Enter");
        await Expect(banner.Dialog).ToBeVisibleAsync();
        Assert.EndsWith("in dialog", await site.ActiveElementAsync(), StringComparison.Ordinal);
        await banner.Category("analytics").FocusAsync();
        await visit.Page.Keyboard.PressAsync("Space");
        await banner.Save.FocusAsync();
        await visit.Page.Keyboard.PressAsync("Enter");
        await Expect(banner.Dialog).ToBeHiddenAsync();
        Assert.Contains("[data-vern-settings]", await site.ActiveElementAsync(), StringComparison.Ordinal);
        Assert.Equal(["reject_all", "custom"], visit.Api.Decisions.Select(d => d["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_stored_visitor_id_Vern_refuses_is_replaced_by_one_it_issues_and_the_choice_is_recorded()
    {
        await using var visit = await BannerVisit.StartAsync(browser, App);
        var (site, banner) = (visit.Site, visit.Banner);
        // An id Vern never issued, as a cookie from another installation or a made-up one would hold.
        var forged = JsonSerializer.Serialize(new { v = Vern.Tests.Consent.ConsentApi.UnissuedVisitorId, a = "made-up" });
        await visit.Context.AddCookiesAsync([new Cookie { Name = "vern_consent", Value = Uri.EscapeDataString(forged), Url = App.BaseAddress.ToString() }]);
        await site.OpenAsync("/");

        await banner.RejectAll.ClickAsync();
        await Expect(banner.Dialog).ToBeHiddenAsync();

        var issued = (await site.ConsentCookieAsync())!.Value.GetProperty("v").GetString()!;
        Assert.True(App.Get<Vern.Infrastructure.Privacy.VisitorIds>().IsIssued(issued));
        Assert.Equal([Vern.Tests.Consent.ConsentApi.UnissuedVisitorId, issued], visit.Api.Decisions.Select(d => d["visitorId"]!.GetValue<string>()));
        await using var scope = App.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Vern.Data.AppDb>().ConsentRecords.CountAsync(r => r.VisitorId == issued));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex VisitorId();

    private sealed class ConsentComparer : IEqualityComparer<(string Kind, Dictionary<string, string> Signals)>
    {
        public bool Equals((string Kind, Dictionary<string, string> Signals) x, (string Kind, Dictionary<string, string> Signals) y) =>
            x.Kind == y.Kind && x.Signals.Count == y.Signals.Count && x.Signals.All(p => y.Signals.TryGetValue(p.Key, out var v) && v == p.Value);

        public int GetHashCode((string Kind, Dictionary<string, string> Signals) obj) => obj.Kind.GetHashCode(StringComparison.Ordinal);
    }
}
