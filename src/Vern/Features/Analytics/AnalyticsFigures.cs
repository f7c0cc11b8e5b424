using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// A site's statistics over a range of days (UTC): the rolled-up days and months added up in the database, and the days
/// not rolled up yet (today) reduced from their raw events in the same way (<see cref="LiveDays"/>). Visitors are counted
/// per day and added up, so a person who came on three days counts three times, as "daily visitors" do. A range of a
/// day or two also has its hours (<see cref="AnalyticsHour"/>).
/// </summary>
internal sealed class AnalyticsFigures(AppDb db, LiveDays liveDays, TimeProvider time)
{
    public const int TopRows = 10;

    /// <summary>A range of at most this many days is drawn by the hour.</summary>
    public const int HourlyUpTo = 2;

    /// <summary>
    /// What the dashboard shows: the range's figures, and the totals of the period of the same length just before it,
    /// which is all the comparison needs (a year's view would otherwise add up every page and referrer of two years).
    /// </summary>
    public async Task<(SiteFigures Range, SiteFigures Before)> WithPreviousAsync(string site, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var length = to.DayNumber - from.DayNumber + 1;
        var rolledThrough = await RolledThroughAsync(site, ct);
        return (await FiguresAsync(site, from, to, rolledThrough, totalsOnly: false, ct),
            await FiguresAsync(site, from.AddDays(-length), from.AddDays(-1), rolledThrough, totalsOnly: true, ct));
    }

    public async Task<SiteFigures> ForAsync(string site, DateOnly from, DateOnly to, CancellationToken ct) =>
        await FiguresAsync(site, from, to, await RolledThroughAsync(site, ct), totalsOnly: false, ct);

    // The site's last rolled-up day, read from the end of its (Site, Day) index: the maximum over every site's rows
    // scanned all of them twice a view, about 95 ms of a one-day view at 10,000,000 events on SQLite (bench/README.md).
    private async Task<DateOnly> RolledThroughAsync(string site, CancellationToken ct) =>
        await db.AnalyticsDays.Where(d => d.Site == site).OrderByDescending(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync(ct) ?? DateOnly.MinValue;

    private async Task<SiteFigures> FiguresAsync(string site, DateOnly from, DateOnly to, DateOnly rolledThrough, bool totalsOnly, CancellationToken ct)
    {
        var days = await db.AnalyticsDays.AsNoTracking()
            .Where(d => d.Site == site && d.Day >= from && d.Day <= to && d.Dimension == AnalyticsDimension.Total)
            .ToListAsync(ct);
        var rows = totalsOnly ? [Sum(AnalyticsDimension.Total, "", days)] : await DimensionsAsync(site, from, to, ct);
        var series = days.ToDictionary(d => d.Day, d => (d.Visitors, d.PageViews));
        var engaged = new int[EngagedTime.Buckets];
        foreach (var day in days)
            EngagedTime.Add(engaged, day.EngagedBuckets);
        var byHour = !totalsOnly && to.DayNumber - from.DayNumber < HourlyUpTo;
        var hours = byHour ? await RolledHoursAsync(site, from, to < rolledThrough ? to : rolledThrough, ct) : [];

        // Days after the last roll-up come from their raw events.
        var liveFrom = from > rolledThrough ? from : rolledThrough.AddDays(1);
        for (var day = liveFrom; day <= to; day = day.AddDays(1))
        {
            var reduced = await liveDays.GetAsync(db, site, day, ct);
            if (reduced.Rows.Count == 0)
                continue;
            if (byHour)
                hours.AddRange(reduced.Hours);
            var live = reduced.Rows.Where(r => !totalsOnly || r.Dimension == AnalyticsDimension.Total);
            rows = [.. rows.Concat(live).GroupBy(r => (r.Dimension, r.Value)).Select(g => Sum(g.Key.Dimension, g.Key.Value, g))];
            var total = live.Single(r => r.Dimension == AnalyticsDimension.Total);
            series[day] = (total.Visitors, total.PageViews);
            EngagedTime.Add(engaged, total.EngagedBuckets);
        }

        var totals = rows.FirstOrDefault(r => r.Dimension == AnalyticsDimension.Total) ?? new AnalyticsDay();
        List<AnalyticsDay> Top(AnalyticsDimension dimension, Func<AnalyticsDay, int> by) =>
            [.. rows.Where(r => r.Dimension == dimension).OrderByDescending(by).ThenBy(r => r.Value, StringComparer.Ordinal).Take(TopRows)];
        return new SiteFigures(
            site, from, to, totals.Visitors, totals.Visits, totals.PageViews,
            totals.Visits == 0 ? null : (double)totals.Bounces / totals.Visits,
            EngagedTime.Median(engaged),
            [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => from.AddDays(i))
                .Select(d => new DayFigures(d, series.GetValueOrDefault(d).Visitors, series.GetValueOrDefault(d).PageViews))],
            byHour ? HourSeries(from, to, hours) : [],
            Top(AnalyticsDimension.Page, r => r.PageViews), Top(AnalyticsDimension.Entry, r => r.Visits), Top(AnalyticsDimension.Exit, r => r.Visits),
            Top(AnalyticsDimension.Referrer, r => r.Visits), Top(AnalyticsDimension.Source, r => r.Visits), Top(AnalyticsDimension.Campaign, r => r.Visits),
            Top(AnalyticsDimension.Device, r => r.Visits), Top(AnalyticsDimension.Browser, r => r.Visits),
            [.. rows.Where(r => r.Dimension == AnalyticsDimension.Goal).OrderByDescending(r => r.Visitors).ThenBy(r => r.Value, StringComparer.Ordinal)
                .Select(r => new GoalFigures(r.Value, r.Events, r.Visitors, totals.Visitors == 0 ? 0 : (double)r.Visitors / totals.Visitors))]);
    }

    private async Task<List<AnalyticsHour>> RolledHoursAsync(string site, DateOnly from, DateOnly through, CancellationToken ct)
    {
        var (start, _) = AnalyticsRollups.Bounds(from);
        var (_, end) = AnalyticsRollups.Bounds(through);
        return start >= end ? [] : await db.AnalyticsHours.AsNoTracking().Where(h => h.Site == site && h.Hour >= start && h.Hour < end).ToListAsync(ct);
    }

    /// <summary>Every hour of the range up to the current one, those without a page view as zeros.</summary>
    private List<HourFigures> HourSeries(DateOnly from, DateOnly to, List<AnalyticsHour> hours)
    {
        var (start, _) = AnalyticsRollups.Bounds(from);
        var (_, end) = AnalyticsRollups.Bounds(to);
        var now = time.GetUtcNow().UtcDateTime;
        if (end > now)
            end = now.Date.AddHours(now.Hour + 1);
        var counted = hours.ToDictionary(h => h.Hour);
        return [.. Enumerable.Range(0, Math.Max(0, (int)(end - start).TotalHours)).Select(i => start.AddHours(i))
            .Select(h => counted.TryGetValue(h, out var c) ? new HourFigures(h, c.Visitors, c.PageViews) : new HourFigures(h, 0, 0))];
    }

    /// <summary>
    /// Every dimension's rows added up over the range: the months wholly inside it that are added up already from their
    /// months' rows, the days around them from the days' rows.
    /// </summary>
    private async Task<List<AnalyticsDay>> DimensionsAsync(string site, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var lastMonth = await db.AnalyticsMonths.Where(m => m.Site == site).OrderByDescending(m => m.Month).Select(m => (DateOnly?)m.Month).FirstOrDefaultAsync(ct);
        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterWhole = to.AddDays(1).Day == 1 ? to.AddDays(1) : new DateOnly(to.Year, to.Month, 1);
        if (lastMonth is not { } last || afterWhole > last.AddMonths(1))
            afterWhole = lastMonth?.AddMonths(1) ?? firstWhole;
        if (afterWhole < firstWhole)
            afterWhole = firstWhole;
        var days = await AddedUp(db.AnalyticsDays.Where(d => d.Site == site && d.Day >= from && d.Day <= to && (d.Day < firstWhole || d.Day >= afterWhole))).ToListAsync(ct);
        if (afterWhole == firstWhole)
            return days;
        var months = await AddedUp(db.AnalyticsMonths.Where(m => m.Site == site && m.Month >= firstWhole && m.Month < afterWhole)).ToListAsync(ct);
        return [.. days.Concat(months).GroupBy(r => (r.Dimension, r.Value)).Select(g => Sum(g.Key.Dimension, g.Key.Value, g))];
    }

    private static IQueryable<AnalyticsDay> AddedUp<T>(IQueryable<T> rows) where T : AnalyticsCounts =>
        rows.AsNoTracking()
            .GroupBy(r => new { r.Dimension, r.Value })
            .Select(g => new AnalyticsDay
            {
                Dimension = g.Key.Dimension,
                Value = g.Key.Value,
                Visitors = g.Sum(r => r.Visitors),
                Visits = g.Sum(r => r.Visits),
                PageViews = g.Sum(r => r.PageViews),
                Bounces = g.Sum(r => r.Bounces),
                Events = g.Sum(r => r.Events),
            });

    /// <summary>Whether anything was counted for <paramref name="site"/> in the range, so the dashboard opens on a site that has figures.</summary>
    public async Task<bool> AnyAsync(string site, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, _) = AnalyticsRollups.Bounds(from);
        var (_, end) = AnalyticsRollups.Bounds(to);
        return await db.AnalyticsDays.AnyAsync(d => d.Site == site && d.Day >= from && d.Day <= to, ct)
            || await db.AnalyticsEvents.AnyAsync(e => e.Site == site && e.OccurredAt >= start && e.OccurredAt < end, ct);
    }

    private static AnalyticsDay Sum(AnalyticsDimension dimension, string value, IEnumerable<AnalyticsDay> days)
    {
        var sum = new AnalyticsDay { Dimension = dimension, Value = value };
        foreach (var day in days)
            sum.Add(day);
        return sum;
    }
}

internal sealed record SiteFigures(
    string Site, DateOnly From, DateOnly To, int Visitors, int Visits, int PageViews, double? BounceRate, TimeSpan? MedianEngaged,
    IReadOnlyList<DayFigures> Days, IReadOnlyList<HourFigures> Hours,
    IReadOnlyList<AnalyticsDay> Pages, IReadOnlyList<AnalyticsDay> Entries, IReadOnlyList<AnalyticsDay> Exits,
    IReadOnlyList<AnalyticsDay> Referrers, IReadOnlyList<AnalyticsDay> Sources, IReadOnlyList<AnalyticsDay> Campaigns,
    IReadOnlyList<AnalyticsDay> Devices, IReadOnlyList<AnalyticsDay> Browsers, IReadOnlyList<GoalFigures> Goals);

internal sealed record DayFigures(DateOnly Day, int Visitors, int PageViews);

/// <param name="Hour">The hour's first instant, in UTC.</param>
internal sealed record HourFigures(DateTime Hour, int Visitors, int PageViews);

/// <param name="Converted">Visitors who reached the goal (per day, added up).</param>
/// <param name="Rate">Converted visitors as a share of all visitors.</param>
internal sealed record GoalFigures(string Name, int Events, int Converted, double Rate);
