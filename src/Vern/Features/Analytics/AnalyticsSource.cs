using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Analytics;

/// <summary>
/// The statistics' part of access, erasure and withdrawal. A consenting browser's events are stored under the
/// analytics id of its visitor id, so they are found from the visitor ids linked to the person. Events counted
/// cookieless cannot be found: their visitor is a hash whose salt is gone within two days.
/// </summary>
internal sealed class AnalyticsSource(AppDb db, VisitorIds visitorIds) : IPersonalDataSource, IWithdrawable
{
    public string Name => "analytics";

    public IReadOnlyList<Type> Covers { get; } = [typeof(AnalyticsEvent), typeof(AnalyticsVisitorDay)];

    private static readonly string[] Columns = ["occurredAt", "site", "type", "path", "referrer", "utmSource", "utmMedium", "utmCampaign", "engagedMs", "event", "browser", "device"];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var events = await VisitorEvents.FindAsync(db, Visitors(subject), ct);
        var rows = events.Select(e => (IReadOnlyList<string?>)
        [
            UtcInstants.Format(e.OccurredAt), e.Site, e.Kind.ToWire(), e.Path, e.ReferrerHost, e.UtmSource, e.UtmMedium, e.UtmCampaign,
            e.EngagedMs?.ToString(CultureInfo.InvariantCulture), e.Name, e.BrowserVersion is { } v ? $"{e.Browser} {v}" : e.Browser, e.Device.ToWire(),
        ]).ToList();
        var t = Text<AnalyticsSourceTexts>.In(subject.Language);
        return new SourceExport(Name, t.Title, t.Origin, Portable: false, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var removed = await RemoveAsync(subject, ct);
        var t = Text<AnalyticsSourceTexts>.In(subject.Language);
        return removed == 0
            ? new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld)
            : new SourceErasure(Name, ErasureOutcome.Erased, string.Format(CultureInfo.InvariantCulture, t.Erased, removed));
    }

    /// <summary>Statistics rest on consent: withdrawing it deletes what was counted under it.</summary>
    public async Task<SourceLimit?> WithdrawAllAsync(DataSubject subject, CancellationToken ct)
    {
        var removed = await RemoveAsync(subject, ct);
        if (removed == 0)
            return null;
        await db.SaveChangesAsync(ct);
        return new SourceLimit(Name, LimitOutcome.Done, string.Format(CultureInfo.InvariantCulture, Text<AnalyticsSourceTexts>.In(subject.Language).Withdrawn, removed));
    }

    /// <summary>Marks the person's events, and the days that list them, deleted; the caller saves.</summary>
    private async Task<int> RemoveAsync(DataSubject subject, CancellationToken ct)
    {
        var visitors = Visitors(subject);
        var events = await VisitorEvents.FindAsync(db, visitors, ct);
        db.AnalyticsEvents.RemoveRange(events);
        db.AnalyticsVisitorDays.RemoveRange(await db.AnalyticsVisitorDays.Where(d => visitors.Contains(d.Visitor)).ToListAsync(ct));
        return events.Count;
    }

    private List<string> Visitors(DataSubject subject) => [.. subject.VisitorIds.Where(visitorIds.IsIssued).Select(visitorIds.AnalyticsId)];
}

/// <summary>What the statistics' part of an access package, an erasure and a withdrawal says. Erased and Withdrawn: {0} the number of events.</summary>
internal sealed record AnalyticsSourceTexts(string Title, string Origin, string NothingHeld, string Erased, string Withdrawn) : ITexts;
