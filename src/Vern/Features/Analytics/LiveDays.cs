using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// The days not rolled up yet (today, and yesterday until the next roll-up), reduced from their raw events at most once
/// per <c>Analytics:LiveFor</c> (a minute by default) and site: reducing a busy day's 33,000 events took about 250 ms of
/// every dashboard view that included today (bench/README.md, <c>statistics</c>). The dashboard says how fresh today is.
/// </summary>
internal sealed class LiveDays(TimeProvider time, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<(string Site, DateOnly Day), (DateTimeOffset At, RolledDay Day)> reduced = new();

    public TimeSpan LiveFor { get; } = configuration.GetValue("Analytics:LiveFor", TimeSpan.FromMinutes(1));

    /// <summary>The day's rows and hours as <see cref="DayRollup"/> makes them; shared between views, so never changed.</summary>
    public async Task<RolledDay> GetAsync(AppDb db, string site, DateOnly day, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (reduced.TryGetValue((site, day), out var kept) && now - kept.At < LiveFor)
            return kept.Day;
        var (start, end) = AnalyticsRollups.Bounds(day);
        var events = await db.AnalyticsEvents.AsNoTracking().Where(e => e.Site == site && e.OccurredAt >= start && e.OccurredAt < end).ToListAsync(ct);
        var rolled = events.Count == 0 ? RolledDay.None : DayRollup.Of(site, day, events);
        // A day two days gone is rolled up and never read live again.
        foreach (var old in reduced.Keys.Where(k => k.Day < day.AddDays(-1)))
            reduced.TryRemove(old, out _);
        reduced[(site, day)] = (now, rolled);
        return rolled;
    }
}
