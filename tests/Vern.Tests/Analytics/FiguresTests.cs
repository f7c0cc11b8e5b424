using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Retention;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>
/// The dashboard's figures against a day worked out by hand: four visitors, five visits. The same figures whether the
/// day is read from its raw events or from its roll-up, after one visitor's erasure (which leaves the roll-up), and
/// after retention has deleted every raw event a year and more later.
/// </summary>
public sealed class FiguresTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);
    internal const string Site = "nordlys.example";

    /// <summary>
    /// A: "/" from google.com (utm news/december), then "/pricing" and the signup goal, 180 s engaged; half an hour
    /// later "/product" alone, 10 s (a second visit, a bounce). B: "/" from duckduckgo.com, 30 s (a bounce). C:
    /// "/pricing" then "/", 60 s. D: "/", 45 s (a bounce). So: 4 visitors, 5 visits, 7 page views, 3 bounces (60 %),
    /// engaged time per visit 10, 30, 45, 60 and 180 s (median 45 s), signup reached by 1 of 4 visitors (25 %).
    /// </summary>
    internal static IEnumerable<AnalyticsEvent> HandWorkedDay(DateOnly day)
    {
        AnalyticsEvent E(string visitor, int hour, int minute, AnalyticsEventKind kind, string path, string? referrer = null, int? engaged = null, string? goal = null) => new()
        {
            Site = Site,
            Visitor = visitor,
            OccurredAt = day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc),
            Kind = kind,
            Path = path,
            ReferrerHost = referrer,
            EngagedMs = engaged,
            Name = goal,
            Browser = "Firefox",
            BrowserVersion = 133,
            Device = DeviceClass.Desktop,
            UtmSource = referrer == "google.com" ? "news" : null,
            UtmCampaign = referrer == "google.com" ? "december" : null,
        };
        return
        [
            E("A", 10, 0, AnalyticsEventKind.PageView, "/", "google.com"), E("A", 10, 1, AnalyticsEventKind.Engagement, "/", engaged: 60_000),
            E("A", 10, 1, AnalyticsEventKind.PageView, "/pricing"), E("A", 10, 3, AnalyticsEventKind.Engagement, "/pricing", engaged: 120_000),
            E("A", 10, 3, AnalyticsEventKind.Custom, "/pricing", goal: "signup"),
            E("A", 11, 0, AnalyticsEventKind.PageView, "/product"), E("A", 11, 0, AnalyticsEventKind.Engagement, "/product", engaged: 10_000),
            E("B", 12, 0, AnalyticsEventKind.PageView, "/", "duckduckgo.com"), E("B", 12, 1, AnalyticsEventKind.Engagement, "/", engaged: 30_000),
            E("C", 13, 0, AnalyticsEventKind.PageView, "/pricing"), E("C", 13, 0, AnalyticsEventKind.Engagement, "/pricing", engaged: 20_000),
            E("C", 13, 10, AnalyticsEventKind.PageView, "/"), E("C", 13, 11, AnalyticsEventKind.Engagement, "/", engaged: 40_000),
            E("D", 14, 0, AnalyticsEventKind.PageView, "/"), E("D", 14, 1, AnalyticsEventKind.Engagement, "/", engaged: 45_000),
        ];
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_hand_worked_day_gives_the_same_figures_raw_rolled_up_after_an_erasure_and_after_retention(Provider provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Analytics:RollupEvery"] = "365.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.AddRange(HandWorkedDay(Day));
            db.AnalyticsVisitorDays.AddRange(HandWorkedDay(Day).Select(AnalyticsVisitorDay.Of).DistinctBy(d => d.Visitor));
            await db.SaveChangesAsync();
        }

        AssertHandWorked(await FiguresAsync(app));
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AnalyticsRollups>().RunAsync(null, CancellationToken.None);
        AssertHandWorked(await FiguresAsync(app));

        // An erasure takes a visitor's raw events and leaves the day's counts, which name no one.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.RemoveRange(await db.AnalyticsEvents.Where(e => e.Visitor == "A").ToListAsync());
            await db.SaveChangesAsync();
        }
        AssertHandWorked(await FiguresAsync(app));

        // Thirteen months and a day later the definition's rule has deleted every raw event; the counts stay.
        time.SetUtcNow(new DateTimeOffset(2028, 1, 3, 12, 0, 0, TimeSpan.Zero));
        await using (var scope = app.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.False(await db.AnalyticsEvents.AnyAsync());
            Assert.False(await db.AnalyticsVisitorDays.AnyAsync());
        }
        AssertHandWorked(await FiguresAsync(app));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_range_over_ended_months_adds_up_their_months_and_the_days_around_them_to_the_same_figures(Provider provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Analytics:RollupEvery"] = "365.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        DateOnly[] days = [new(2026, 10, 31), new(2026, 11, 15), new(2026, 12, 1)];
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.AddRange(days.SelectMany(HandWorkedDay));
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<AnalyticsRollups>().RunAsync(null, CancellationToken.None);
            // October and November have ended; December has not.
            var months = await db.AnalyticsMonths.Where(m => m.Dimension == AnalyticsDimension.Total).OrderBy(m => m.Month).ToListAsync();
            Assert.Equal([(new DateOnly(2026, 10, 1), 7), (new DateOnly(2026, 11, 1), 7)], months.Select(m => (m.Month, m.PageViews)));
        }

        await using (var scope = app.CreateScope())
        {
            var figures = scope.ServiceProvider.GetRequiredService<AnalyticsFigures>();
            var all = await figures.ForAsync(Site, days[0], days[^1], CancellationToken.None);
            Assert.Equal((12, 15, 21, 0.6), (all.Visitors, all.Visits, all.PageViews, Math.Round(all.BounceRate!.Value, 3)));
            Assert.Equal([("/", 12, 12), ("/pricing", 6, 6), ("/product", 3, 3)], all.Pages.Select(r => (r.Value, r.PageViews, r.Visitors)));
            Assert.Equal(("signup", 3, 3, 0.25), (all.Goals[0].Name, all.Goals[0].Events, all.Goals[0].Converted, all.Goals[0].Rate));
            Assert.InRange(all.MedianEngaged!.Value.TotalSeconds, 45 * 0.95, 45 * 1.05);
            Assert.Equal(32, all.Days.Count);
            Assert.Empty(all.Hours);

            var november = await figures.ForAsync(Site, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), CancellationToken.None);
            Assert.Equal((4, 5, 7), (november.Visitors, november.Visits, november.PageViews));
            Assert.Equal([("december", 1)], november.Campaigns.Select(r => (r.Value, r.Visits)));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Today_is_counted_from_its_raw_events_and_recounted_once_a_minute(Provider provider)
    {
        var today = new DateOnly(2026, 12, 7);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Analytics:RollupEvery"] = "365.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        await AddAsync(app, HandWorkedDay(today));
        Assert.Equal((4, 5, 7), await TodayAsync(app));

        AnalyticsEvent Late()
        {
            var late = HandWorkedDay(today).First(e => e.Visitor == "D");
            (late.Visitor, late.OccurredAt) = ("E", today.ToDateTime(new TimeOnly(14, 59), DateTimeKind.Utc));
            return late;
        }
        await AddAsync(app, [Late()]);
        Assert.Equal((4, 5, 7), await TodayAsync(app));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal((4, 5, 7), await TodayAsync(app));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((5, 6, 8), await TodayAsync(app));

        // The recount reads only what was written since, but an erasure of events it already read is seen.
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDb>().AnalyticsEvents.Where(e => e.Visitor == "A").ExecuteDeleteAsync();
        await AddAsync(app, [Late()]);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((4, 4, 6), await TodayAsync(app));
        // A write that drew a smaller id and committed after the last count (two writers on PostgreSQL) is counted too.
        var drawnEarlier = Late();
        (drawnEarlier.Id, drawnEarlier.Visitor) = (-1, "F");
        await AddAsync(app, [drawnEarlier]);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((5, 5, 7), await TodayAsync(app));

        // Yesterday rolled up and today counted live, by the hour: E's two late views and F's are in today's 14:00 beside D's.
        await AddAsync(app, HandWorkedDay(today.AddDays(-1)));
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AnalyticsRollups>().RunAsync(null, CancellationToken.None);
        await using (var scope = app.CreateScope())
        {
            var both = await scope.ServiceProvider.GetRequiredService<AnalyticsFigures>().ForAsync(Site, today.AddDays(-1), today, CancellationToken.None);
            // Yesterday's 24 hours and today's up to the current one (15:01).
            Assert.Equal(24 + 16, both.Hours.Count);
            Assert.Equal([(6, 10, 2), (6, 13, 2), (7, 13, 2), (7, 14, 4)],
                both.Hours.Where(h => h.PageViews > 1).Select(h => (h.Hour.Day, h.Hour.Hour, h.PageViews)));
            Assert.Equal(3, both.Hours.Single(h => h.Hour == today.ToDateTime(new TimeOnly(14, 0), DateTimeKind.Utc)).Visitors);
        }

        static async Task AddAsync(TestApp app, IEnumerable<AnalyticsEvent> events)
        {
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.AddRange(events);
            await db.SaveChangesAsync();
        }

        async Task<(int, int, int)> TodayAsync(TestApp app)
        {
            await using var scope = app.CreateScope();
            var f = await scope.ServiceProvider.GetRequiredService<AnalyticsFigures>().ForAsync(Site, today, today, CancellationToken.None);
            return (f.Visitors, f.Visits, f.PageViews);
        }
    }

    private static async Task<SiteFigures> FiguresAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        var figures = scope.ServiceProvider.GetRequiredService<AnalyticsFigures>();
        var day = await figures.ForAsync(Site, Day, Day, CancellationToken.None);
        // The next day's view compares with this day, from its totals alone.
        var (_, before) = await figures.WithPreviousAsync(Site, Day.AddDays(1), Day.AddDays(1), CancellationToken.None);
        Assert.Equal((day.Visitors, day.Visits, day.PageViews, day.BounceRate, day.MedianEngaged), (before.Visitors, before.Visits, before.PageViews, before.BounceRate, before.MedianEngaged));
        return day;
    }

    private static void AssertHandWorked(SiteFigures f)
    {
        Assert.Equal((4, 5, 7), (f.Visitors, f.Visits, f.PageViews));
        Assert.Equal(0.6, f.BounceRate!.Value, 3);
        // The median visit's 45 s, as the middle of the bucket it falls in (buckets are a tenth wide).
        Assert.InRange(f.MedianEngaged!.Value.TotalSeconds, 45 * 0.95, 45 * 1.05);
        Assert.Equal([("/", 4, 4), ("/pricing", 2, 2), ("/product", 1, 1)], f.Pages.Select(r => (r.Value, r.PageViews, r.Visitors)));
        Assert.Equal([("/", 3), ("/pricing", 1), ("/product", 1)], f.Entries.Select(r => (r.Value, r.Visits)));
        Assert.Equal([("/", 3, 3), ("/pricing", 1, 1), ("/product", 1, 1)], f.Exits.Select(r => (r.Value, r.Visits, r.Visitors)));
        Assert.Equal([("duckduckgo.com", 1, 1), ("google.com", 1, 0)], f.Referrers.Select(r => (r.Value, r.Visits, r.Bounces)));
        Assert.Equal([("december", 1)], f.Campaigns.Select(r => (r.Value, r.Visits)));
        var signup = Assert.Single(f.Goals);
        Assert.Equal(("signup", 1, 1, 0.25), (signup.Name, signup.Events, signup.Converted, signup.Rate));
        Assert.Equal(new DayFigures(Day, 4, 7), Assert.Single(f.Days));
        // By the hour: A's two visits at 10 and 11, B at 12, C at 13, D at 14; the other hours are there as zeros.
        Assert.Equal(24, f.Hours.Count);
        Assert.Equal([(10, 1, 2), (11, 1, 1), (12, 1, 1), (13, 1, 2), (14, 1, 1)], f.Hours.Where(h => h.PageViews > 0).Select(h => (h.Hour.Hour, h.Visitors, h.PageViews)));
    }
}
