using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Policies.Notices;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Policies;

/// <summary>What the privacy officer gives when publishing: the date, whether the change is significant, what to tell whom, and why sooner.</summary>
internal sealed record Publication(DateOnly EffectiveDate, bool Significant, string? Summary, IReadOnlyList<string> NoticeTo, string? ShortNoticeReason);

/// <summary>
/// Publishes a draft with its effective date. A significant change needs a summary: it is what the
/// people affected are told, by the notice published with it (<see cref="ChangeNotices"/>) to the people held for the
/// purposes the privacy officer chose. Taking effect sooner than the notice period after today needs a written reason.
/// </summary>
internal static class PublishPolicy
{
    /// <summary>The longest summary or reason the columns hold.</summary>
    public const int MaxText = 1000;

    public static async Task<IReadOnlyList<string>> Handle(AppDb db, ChangeNotices notices, TimeProvider time, int id, Publication publication, string actor, CancellationToken ct)
    {
        var (effectiveDate, significant, summary, noticeTo, reason) = publication;
        var version = await db.PolicyVersions.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null)
            return ["There is no such policy version."];
        if (version.Status == PolicyStatus.Published)
            return [$"Version {version.Number} is already published; published versions cannot change."];
        var today = OsloCalendar.Today(time);
        if (effectiveDate < today)
            return [$"The effective date cannot be in the past (today is {today:yyyy-MM-dd} in Oslo)."];
        if (significant && string.IsNullOrWhiteSpace(summary))
            return ["A significant change needs a summary of what changed, for the people it will be announced to."];
        if (summary?.Trim().Length > MaxText || reason?.Trim().Length > MaxText)
            return [$"The summary and the reason are at most {MaxText} characters each."];
        var shortNotice = significant && effectiveDate < today.AddDays(notices.Days);
        if (shortNotice && string.IsNullOrWhiteSpace(reason))
            return [$"A significant change takes effect at least {notices.Days} days after it is announced (on {today.AddDays(notices.Days):yyyy-MM-dd} or later); for a sooner date, write why."];
        if (noticeTo.FirstOrDefault(p => !notices.IsPurpose(p)) is { } unknown)
            return [$"'{unknown}' is not a purpose of the definition."];

        version.Status = PolicyStatus.Published;
        version.EffectiveDate = effectiveDate;
        version.PublishedAt = time.GetUtcNow().UtcDateTime;
        version.PublishedBy = actor;
        version.Significant = significant;
        version.ChangeSummary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        version.ShortNoticeReason = shortNotice ? reason!.Trim() : null;
        if (significant)
            notices.Add(version, noticeTo, actor, version.PublishedAt.Value);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "policy.published",
            details: $"{version.Language} version {version.Number}, effective {effectiveDate:yyyy-MM-dd}"
                + (significant ? $", significant, notice to {(noticeTo.Count == 0 ? "no one" : string.Join(", ", noticeTo))}" : "")
                + (shortNotice ? $", {(effectiveDate.DayNumber - today.DayNumber)} days' notice because: {version.ShortNoticeReason}" : "")));
        await db.SaveChangesAsync(ct);
        return [];
    }
}
