using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>
/// Holds the definition places, not staff: a rule with a legal hold (the Bookkeeping Act's five years after
/// the end of the financial year, or three and a half for secondary documentation) keeps the person whose
/// records it covers until the hold computed from their newest such record ends. Erasure and retention wait
/// for it as for any hold, and it ends by itself (<see cref="ReleaseEndedHolds"/>).
/// </summary>
internal static class RuleHolds
{
    /// <summary>Who placed such a hold, in the hold and the audit trail.</summary>
    public const string Actor = "system";

    /// <summary>
    /// The last day <paramref name="hold"/> keeps a record made at <paramref name="recordedAt"/>: its period
    /// counted from the end of the record's financial year, the calendar year (Oslo), as for most Norwegian companies.
    /// </summary>
    public static DateOnly? Until(LegalHold hold, DateTime recordedAt)
    {
        var year = OsloCalendar.DateOf(recordedAt).Year;
        return IsoPeriods.TryAdd(new DateTime(year, 12, 31), hold.Period, out var end) ? DateOnly.FromDateTime(end) : null;
    }

    /// <summary>
    /// Places the hold of <paramref name="rule"/> on the person until <paramref name="until"/>, or extends the one
    /// in force to that day; true when it did either. The caller saves.
    /// </summary>
    public static async Task<bool> PlaceAsync(AppDb db, TimeProvider time, Guid subjectId, RetentionRule rule, DateOnly until, CancellationToken ct)
    {
        if (rule.LegalHold is not { } legal || until < OsloCalendar.Today(time))
            return false;
        var hold = db.SubjectHolds.Local.FirstOrDefault(h => h.SubjectId == subjectId && h.Rule == rule.Id && h.ReleasedAt == null)
            ?? await db.SubjectHolds.FirstOrDefaultAsync(h => h.SubjectId == subjectId && h.Rule == rule.Id && h.ReleasedAt == null, ct);
        if (hold is not null && hold.Until >= until)
            return false;
        var now = time.GetUtcNow();
        if (hold is null)
            db.SubjectHolds.Add(new SubjectHold
            {
                Id = Guid.CreateVersion7(now),
                SubjectId = subjectId,
                Rule = rule.Id,
                Reason = legal.Law,
                Until = until,
                PlacedBy = Actor,
                PlacedAt = now.UtcDateTime,
            });
        else
            hold.Until = until;
        db.AuditEntries.Add(AuditEntry.Create(time, Actor, hold is null ? "subject-hold.placed" : "subject-hold.extended", subjectId, legal.Law, $"{rule.Id} until {until:yyyy-MM-dd}"));
        return true;
    }
}
