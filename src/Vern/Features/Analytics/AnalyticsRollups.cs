using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// Rolls each ended day's events up into <see cref="AnalyticsDay"/> rows, once: days are taken in order from the day
/// after the last one rolled up, and the unique key makes a second server's attempt at the same day fail harmlessly.
/// A day is rolled up a few minutes after it ends (UTC), when the writer has written its last events.
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
        if (first is null)
            return 0;
        var day = rolled is { } last ? last.AddDays(1) : DateOnly.FromDateTime(first.Value);
        var days = 0;
        for (; day <= until; day = day.AddDays(1))
        {
            var (from, to) = Bounds(day);
            var events = await db.AnalyticsEvents.AsNoTracking().Where(e => e.OccurredAt >= from && e.OccurredAt < to).ToListAsync(ct);
            if (events.Count == 0)
                continue;
            var rows = events.GroupBy(e => e.Site).SelectMany(site => DayRollup.Of(site.Key, day, site)).ToList();
            db.AnalyticsDays.AddRange(rows);
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
            }
        }
        return days;
    }

    /// <summary>A day's first instant and the next day's, in UTC.</summary>
    public static (DateTime From, DateTime To) Bounds(DateOnly day) =>
        (day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
