using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Policies;

/// <summary>
/// Publishes a draft with its effective date. A significant change needs a summary: it is what the
/// people affected will be told.
/// </summary>
internal static class PublishPolicy
{
    public static async Task<IReadOnlyList<string>> Handle(AppDb db, TimeProvider time, int id, DateOnly effectiveDate, bool significant, string? summary, string actor, CancellationToken ct)
    {
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

        version.Status = PolicyStatus.Published;
        version.EffectiveDate = effectiveDate;
        version.PublishedAt = time.GetUtcNow().UtcDateTime;
        version.PublishedBy = actor;
        version.Significant = significant;
        version.ChangeSummary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "policy.published",
            details: $"{version.Language} version {version.Number}, effective {effectiveDate:yyyy-MM-dd}{(significant ? ", significant" : "")}"));
        await db.SaveChangesAsync(ct);
        return [];
    }
}
