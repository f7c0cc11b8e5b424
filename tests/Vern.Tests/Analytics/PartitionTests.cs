using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Retention;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>
/// On PostgreSQL raw events live in monthly partitions: retention drops a month whose every event is due as a whole
/// table, deletes the due part of the next month row by row, and the days' counts stay.
/// </summary>
public sealed class PartitionTests
{
    [Fact]
    public async Task Retention_drops_a_whole_month_s_partition_and_keeps_the_counts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(Provider.Postgres, new Dictionary<string, string?> { ["Analytics:RollupEvery"] = "365.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.AddRange(FiguresTests.HandWorkedDay(new DateOnly(2026, 12, 1)));
            db.AnalyticsEvents.AddRange(FiguresTests.HandWorkedDay(new DateOnly(2027, 1, 2)));
            db.AnalyticsEvents.AddRange(FiguresTests.HandWorkedDay(new DateOnly(2027, 1, 20)));
            db.AnalyticsVisitorDays.AddRange([.. db.ChangeTracker.Entries<AnalyticsEvent>().Select(e => AnalyticsVisitorDay.Of(e.Entity)).DistinctBy(d => (d.Visitor, d.Day))]);
            await db.SaveChangesAsync();
            Assert.Equal(15, await CountAsync(db, "AnalyticsEvents_2026_12"));
            Assert.Equal(30, await CountAsync(db, "AnalyticsEvents_2027_01"));
        }

        // Thirteen months after the 4th of January: all of December and the 2nd of January are due, the 20th is not.
        time.SetUtcNow(new DateTimeOffset(2028, 2, 4, 12, 0, 0, TimeSpan.Zero));
        await using (var scope = app.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.False(await ExistsAsync(db, "AnalyticsEvents_2026_12"));
            Assert.Equal(15, await CountAsync(db, "AnalyticsEvents_2027_01"));
            Assert.All(await db.AnalyticsEvents.ToListAsync(), e => Assert.Equal(20, e.OccurredAt.Day));
            // The days listing whose events are gone go with them.
            Assert.Equal([new DateOnly(2027, 1, 20)], await db.AnalyticsVisitorDays.Select(d => d.Day).Distinct().ToListAsync());
            var figures = scope.ServiceProvider.GetRequiredService<AnalyticsFigures>();
            foreach (var day in new[] { new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 2), new DateOnly(2027, 1, 20) })
                Assert.Equal((4, 5, 7), await TotalsAsync(figures, day));
        }
    }

    [Fact]
    public async Task Servers_starting_at_once_each_make_the_coming_month_s_partition_or_find_it_made()
    {
        await using var app = await TestApp.StartAsync(Provider.Postgres);
        var now = TimeProvider.System.GetUtcNow();
        var last = AnalyticsPartitions.Name(new DateOnly(now.Year, now.Month, 1).AddMonths(AnalyticsPartitions.MonthsAhead));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
#pragma warning disable EF1002 // the test's own table name
            await db.Database.ExecuteSqlRawAsync($"""DROP TABLE "{last}" """);
#pragma warning restore EF1002
            Assert.False(await ExistsAsync(db, last));
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = app.CreateScope();
            await scope.ServiceProvider.GetRequiredService<AnalyticsPartitions>().EnsureAheadAsync(CancellationToken.None);
        }));

        await using (var scope = app.CreateScope())
            Assert.True(await ExistsAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), last));
    }

    private static async Task<(int, int, int)> TotalsAsync(AnalyticsFigures figures, DateOnly day)
    {
        var f = await figures.ForAsync(FiguresTests.Site, day, day, CancellationToken.None);
        return (f.Visitors, f.Visits, f.PageViews);
    }

    private static Task<bool> ExistsAsync(AppDb db, string table)
    {
        var quoted = $"\"{table}\"";
        return db.Database.SqlQuery<bool>($"""SELECT to_regclass({quoted}) IS NOT NULL AS "Value" """).SingleAsync();
    }

#pragma warning disable EF1002 // the table names are the test's own
    private static Task<int> CountAsync(AppDb db, string table) =>
        db.Database.SqlQueryRaw<int>($"""SELECT count(*)::int AS "Value" FROM "{table}" """).SingleAsync();
#pragma warning restore EF1002
}
