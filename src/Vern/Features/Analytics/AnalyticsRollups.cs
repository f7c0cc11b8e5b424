using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// Rolls each ended day's events up into <see cref="AnalyticsDay"/> and <see cref="AnalyticsHour"/> rows, once: days
/// are taken in order from the day after the last one rolled up, and the unique key makes a second server's attempt at
/// the same day fail harmlessly. A day is rolled up a few minutes after it ends (UTC), when the writer has written its
/// last events; a month, once its last day is, from its days' rows (<see cref="AnalyticsMonth"/>).
/// </summary>
internal sealed class AnalyticsRollups(AppDb db, TimeProvider time)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);

    /// <summary>Rolls up every ended day not rolled up yet, through <paramref name="through"/> at most; returns how many days.</summary>
    public async Task<int> RunAsync(DateOnly? through, CancellationToken ct)
    {
        var lastEnded = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime - Settle).AddDays(-1);
        var until = through is { } limit && limit < lastEnded ? limit : lastEnded;
        var rolled = await db.AnalyticsDays.MaxAsync(d => (DateOnly?)d.Day, ct);
        var first = await db.AnalyticsEvents.MinAsync(e => (DateTime?)e.OccurredAt, ct);
        var days = 0;
        // From the first day after the last roll-up that has events at all: none (retention took them all) is no day.
        var firstDay = first is { } f ? DateOnly.FromDateTime(f) : DateOnly.MaxValue;
        for (var day = rolled is { } r && r.AddDays(1) > firstDay ? r.AddDays(1) : firstDay; day <= until; day = day.AddDays(1))
        {
            var (from, to) = Bounds(day);
            var events = await db.AnalyticsEvents.AsNoTracking().Where(e => e.OccurredAt >= from && e.OccurredAt < to).ToListAsync(ct);
            if (events.Count == 0)
                continue;
            var sites = events.GroupBy(e => e.Site).Select(site => DayRollup.Of(site.Key, day, [.. site])).ToList();
            var rows = sites.SelectMany(s => s.Rows).ToList();
            var hours = sites.SelectMany(s => s.Hours).ToList();
            db.AnalyticsDays.AddRange(rows);
            db.AnalyticsHours.AddRange(hours);
            try
            {
                await db.SaveChangesAsync(ct);
                days++;
            }
            catch (DbUpdateException)
            {
                // Another server rolled this day up first.
            }
            finally
            {
                // Saved rows stay tracked otherwise, and every later day's save would scan them all again (a backlog of
                // 394 days took 300-500 ms a day instead of the 40 ms of one day alone). Only this day's rows: the
                // context is the caller's too, and the retention run keeps its own entities tracked in it.
                foreach (var row in rows)
                    db.Entry(row).State = EntityState.Detached;
                foreach (var hour in hours)
                    db.Entry(hour).State = EntityState.Detached;
            }
        }
        await RollUpMonthsAsync(until, ct);
        return days;
    }

    /// <summary>Adds up the days of every month that ended on or before <paramref name="until"/> and is not added up yet.</summary>
    private async Task RollUpMonthsAsync(DateOnly until, CancellationToken ct)
    {
        var rolled = await db.AnalyticsMonths.MaxAsync(m => (DateOnly?)m.Month, ct);
        var firstDay = await db.AnalyticsDays.MinAsync(d => (DateOnly?)d.Day, ct);
        if (firstDay is not { } first)
            return;
        for (var month = rolled?.AddMonths(1) ?? new DateOnly(first.Year, first.Month, 1); month.AddMonths(1) <= until.AddDays(1); month = month.AddMonths(1))
        {
            var end = month.AddMonths(1);
            var days = await db.AnalyticsDays.AsNoTracking().Where(d => d.Day >= month && d.Day < end).ToListAsync(ct);
            var rows = days.GroupBy(d => (d.Site, d.Dimension, d.Value)).Select(g => Month(g.Key.Site, month, g.Key.Dimension, g.Key.Value, g)).ToList();
            db.AnalyticsMonths.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another server added this month up first.
            }
            finally
            {
                foreach (var row in rows)
                    db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    private static AnalyticsMonth Month(string site, DateOnly month, AnalyticsDimension dimension, string value, IEnumerable<AnalyticsDay> days)
    {
        var row = new AnalyticsMonth { Site = site, Month = month, Dimension = dimension, Value = value };
        var engaged = new int[EngagedTime.Buckets];
        foreach (var day in days)
        {
            row.Add(day);
            EngagedTime.Add(engaged, day.EngagedBuckets);
        }
        if (dimension == AnalyticsDimension.Total)
            row.EngagedBuckets = EngagedTime.Format(engaged);
        return row;
    }

    /// <summary>A day's first instant and the next day's, in UTC.</summary>
    public static (DateTime From, DateTime To) Bounds(DateOnly day) =>
        (day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
