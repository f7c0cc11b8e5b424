using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// The events stored under given visitors, found day by day through <see cref="AnalyticsVisitorDay"/>: each day's
/// events are read through the index on their time (one partition on PostgreSQL) and filtered by visitor.
/// </summary>
internal static class VisitorEvents
{
    public static async Task<List<AnalyticsEvent>> FindAsync(AppDb db, IReadOnlyCollection<string> visitors, CancellationToken ct)
    {
        var found = new List<AnalyticsEvent>();
        foreach (var day in await DaysAsync(db, visitors, ct))
            found.AddRange(await OfDay(db, visitors, day).OrderBy(e => e.Id).ToListAsync(ct));
        return found;
    }

    /// <summary>Deletes the visitors' events, then the days that listed them.</summary>
    public static async Task<int> DeleteAsync(AppDb db, IReadOnlyCollection<string> visitors, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var day in await DaysAsync(db, visitors, ct))
            deleted += await OfDay(db, visitors, day).ExecuteDeleteAsync(ct);
        await db.AnalyticsVisitorDays.Where(d => visitors.Contains(d.Visitor)).ExecuteDeleteAsync(ct);
        return deleted;
    }

    private static Task<List<DateOnly>> DaysAsync(AppDb db, IReadOnlyCollection<string> visitors, CancellationToken ct) =>
        db.AnalyticsVisitorDays.Where(d => visitors.Contains(d.Visitor)).Select(d => d.Day).Distinct().OrderBy(d => d).ToListAsync(ct);

    private static IQueryable<AnalyticsEvent> OfDay(AppDb db, IReadOnlyCollection<string> visitors, DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(1);
        return db.AnalyticsEvents.Where(e => e.OccurredAt >= start && e.OccurredAt < end && visitors.Contains(e.Visitor));
    }
}
