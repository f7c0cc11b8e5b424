using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>
/// What the collection endpoint keeps of a visit: only with consent (or on a cookieless site), only for the
/// definition's sites, never from robots, and only the reduced, masked form of the visitor's browser and address.
/// </summary>
public sealed class CollectionTests
{
    private static readonly Dictionary<string, string?> BehindProxy = new() { ["Vern:TrustedProxies"] = "127.0.0.1" };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_consenting_visitor_s_page_view_is_stored_reduced_and_an_unconsented_one_is_dropped(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider, BehindProxy);
        using var client = app.CreateClient();
        var consenting = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(consenting, analytics: true));
        var refusing = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(refusing, action: "reject_all", analytics: false));
        var undecided = await ConsentApi.IssueVisitorIdAsync(client);
        var page = new Uri(app.BaseAddress, "/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=december&secret=1");

        foreach (var visitor in new[] { consenting, refusing, undecided, null })
        {
            using var response = await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page, "https://www.google.com/search?q=nordlys")], from: "203.0.113.77");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var stored = Assert.Single(await AnalyticsApi.StoredAsync(app, atLeast: 1));
        Assert.Equal(app.Get<VisitorIds>().AnalyticsId(consenting), stored.Visitor);
        Assert.False(stored.Cookieless);
        Assert.Equal(AnalyticsEventKind.PageView, stored.Kind);
        Assert.Equal("/pricing", stored.Path);
        Assert.Equal(("newsletter", "email", "december"), (stored.UtmSource, stored.UtmMedium, stored.UtmCampaign));
        Assert.Equal("www.google.com", stored.ReferrerHost);
        Assert.Equal(("Chrome", 131, DeviceClass.Desktop, ScreenClass.Large), (stored.Browser, stored.BrowserVersion, stored.Device, stored.Screen));
        Assert.Equal(app.BaseAddress.Host, stored.Site);
    }

    [Fact]
    public async Task Robots_and_headless_browsers_are_not_counted()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        var page = new Uri(app.BaseAddress, "/");

        foreach (var robot in new[]
        {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "curl/8.5.0",
            "",
        })
            Assert.Equal(HttpStatusCode.Accepted, (await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)], robot)).StatusCode);
        using (var real = await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)]))
            Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);

        Assert.Single(await AnalyticsApi.StoredAsync(app, atLeast: 1));
    }

    [Fact]
    public async Task Events_for_a_site_not_in_the_definition_or_malformed_are_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        var page = new Uri(app.BaseAddress, "/");

        var cases = new (JsonObject Event, string Field)[]
        {
            (AnalyticsApi.PageView(new Uri("https://someone-else.example/")), "events[0].url"),
            (new JsonObject { ["type"] = "click", ["url"] = page.ToString() }, "events[0].type"),
            (new JsonObject { ["type"] = "engagement", ["url"] = page.ToString(), ["engagedMs"] = -5 }, "events[0].engagedMs"),
            (new JsonObject { ["type"] = "event", ["url"] = page.ToString(), ["name"] = "" }, "events[0].name"),
            (new JsonObject { ["type"] = "event", ["url"] = page.ToString(), ["name"] = "signup", ["props"] = new JsonObject { ["nested"] = new JsonObject() } }, "events[0].props"),
        };
        foreach (var (e, field) in cases)
        {
            using var response = await AnalyticsApi.SendAsync(client, visitor, [e]);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotNull(problem["errors"]![field]);
        }
        using (var tooMany = await AnalyticsApi.SendAsync(client, visitor, Enumerable.Range(0, EventCollector.MaxEvents + 1).Select(_ => AnalyticsApi.PageView(page))))
            Assert.NotNull(JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["errors"]!["events"]);

        Assert.Empty(await AnalyticsApi.StoredAsync(app));
    }

    [Fact]
    public async Task Refusing_statistics_in_the_banner_deletes_the_visitor_s_events_and_stops_counting_them()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var other = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(other, analytics: true));
        var page = new Uri(app.BaseAddress, "/");
        await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page), new JsonObject { ["type"] = "event", ["url"] = page.ToString(), ["name"] = "signup", ["props"] = new JsonObject { ["plan"] = "team" } }]);
        await AnalyticsApi.SendAsync(client, other, [AnalyticsApi.PageView(page)]);
        Assert.Equal(3, (await AnalyticsApi.StoredAsync(app, atLeast: 3)).Count);

        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, action: "withdraw", analytics: false));
        await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)]);

        var left = await AnalyticsApi.StoredAsync(app);
        Assert.Equal(app.Get<VisitorIds>().AnalyticsId(other), Assert.Single(left).Visitor);
    }

    [Fact]
    public async Task A_person_who_restricted_processing_is_not_counted_from_the_browser_they_sent_a_form_from()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        var person = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddIdentifierAsync(person, DataSubjects.VisitorIdKind, visitor);
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == person)).RestrictedAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }
        var page = new Uri(app.BaseAddress, "/");

        await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)]);
        Assert.Empty(await AnalyticsApi.StoredAsync(app));

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == person)).RestrictedAt = null;
            await db.SaveChangesAsync();
        }
        await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)]);
        Assert.Single(await AnalyticsApi.StoredAsync(app, atLeast: 1));
    }

    [Fact]
    public async Task A_cookieless_site_counts_without_a_visitor_id_under_a_daily_pseudonym()
    {
        await using var app = await TestApp.StartAsync(settings: BehindProxy);
        await AnalyticsApi.SetAnalyticsAsync(app, $"analytics:\n  purpose: site-statistics\n  cookielessSites: [{app.BaseAddress.Host}]");
        using var client = app.CreateClient();
        var page = new Uri(app.BaseAddress, "/");

        await AnalyticsApi.SendAsync(client, null, [AnalyticsApi.PageView(page)], from: "203.0.113.77");
        await AnalyticsApi.SendAsync(client, null, [AnalyticsApi.PageView(page)], from: "203.0.113.78");
        await AnalyticsApi.SendAsync(client, null, [AnalyticsApi.PageView(page)], from: "198.51.100.9");

        var stored = await AnalyticsApi.StoredAsync(app, atLeast: 3);
        Assert.All(stored, e => Assert.True(e.Cookieless));
        // The same /24 and browser are one visitor for the day; another network is another.
        Assert.Equal(stored[0].Visitor, stored[1].Visitor);
        Assert.NotEqual(stored[0].Visitor, stored[2].Visitor);
    }
}
