using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// The days not rolled up yet (today, and yesterday until the next roll-up), reduced from their raw events at most once
/// per <c>Analytics:LiveFor</c> (a minute by default) and site. The events read are kept, and a recount reads only what
/// changed since: reading a busy day's 33,000 events again made a view that recounted today take 310 ms at p95, over
/// the dashboard's ceiling (bench/README.md, <c>statistics</c>). The dashboard says how fresh today is.
/// </summary>
internal sealed class LiveDays(TimeProvider time, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<(string Site, DateOnly Day), Kept> reduced = new();

    public TimeSpan LiveFor { get; } = configuration.GetValue("Analytics:LiveFor", TimeSpan.FromMinutes(1));

    /// <summary>The day's rows and hours as <see cref="DayRollup"/> makes them; shared between views, so never changed.</summary>
    public async Task<RolledDay> GetAsync(AppDb db, string site, DateOnly day, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var kept = reduced.GetValueOrDefault((site, day));
        if (kept is not null && now - kept.At < LiveFor)
            return kept.Day;
        var (start, end) = AnalyticsRollups.Bounds(day);
        var ofDay = db.AnalyticsEvents.AsNoTracking().Where(e => e.Site == site && e.OccurredAt >= start && e.OccurredAt < end);

        var events = kept is null ? await ofDay.ToListAsync(ct) : await AddedToAsync(ofDay, kept, ct);
        var rolled = events == kept?.Events ? kept.Day : events.Count == 0 ? RolledDay.None : DayRollup.Of(site, day, events);
        // A day two days gone is rolled up and never read live again.
        foreach (var old in reduced.Keys.Where(k => k.Day < day.AddDays(-1)))
            reduced.TryRemove(old, out _);
        reduced[(site, day)] = new Kept(now, events, rolled);
        return rolled;
    }

    /// <summary>
    /// The events kept, less those deleted since (an erasure, a withdrawal), and those written since. Ids are never
    /// reused, so the count and the sum of the ids up to the last one read tell whether any was deleted; only then are
    /// the day's ids read. On PostgreSQL a write that drew a smaller id may commit after the last read; such a day is
    /// read again in full.
    /// </summary>
    private static async Task<List<AnalyticsEvent>> AddedToAsync(IQueryable<AnalyticsEvent> ofDay, Kept kept, CancellationToken ct)
    {
        var events = kept.Events;
        var throughId = events.Count == 0 ? 0 : events.Max(e => e.Id);
        var upToLast = ofDay.Where(e => e.Id <= throughId);
        var held = await upToLast.GroupBy(e => 1).Select(g => new { Count = g.Count(), Sum = g.Sum(e => e.Id) }).FirstOrDefaultAsync(ct);
        if ((held?.Count ?? 0) != events.Count || (held?.Sum ?? 0) != events.Sum(e => e.Id))
        {
            var ids = (await upToLast.Select(e => e.Id).ToListAsync(ct)).ToHashSet();
            events = [.. events.Where(e => ids.Contains(e.Id))];
            if (events.Count != ids.Count)
                return await ofDay.ToListAsync(ct);
        }
        var added = await ofDay.Where(e => e.Id > throughId).ToListAsync(ct);
        return added.Count == 0 ? events : [.. events, .. added];
    }

    private sealed record Kept(DateTimeOffset At, List<AnalyticsEvent> Events, RolledDay Day);
}
