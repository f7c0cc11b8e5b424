using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>
/// What erasing a person does to Vern's own tables: their form submissions and consents to keep them longer go, their data key is
/// destroyed (so every sealed value, in this database and in every backup, becomes unreadable), and
/// what was sealed with it is cleared. Shared by an erasure request, a hold's end and a restore's replay.
/// </summary>
internal static class ErasedSubjects
{
    /// <summary>Tracked removals and direct updates; the caller saves, with its ledger and audit entries.</summary>
    public static Task ClearAsync(AppDb db, SubjectVault vault, Guid subjectId, CancellationToken ct) => ClearAsync(db, vault, [subjectId], ct);

    /// <summary>The same for many people at once, in as many queries as for one (a retention batch).</summary>
    public static async Task ClearAsync(AppDb db, SubjectVault vault, IReadOnlyCollection<Guid> subjectIds, CancellationToken ct)
    {
        var ids = subjectIds.Distinct().ToList();
        // Through the change tracker: the subjects source may already have removed them.
        db.Submissions.RemoveRange(await db.Submissions.Where(s => ids.Contains(s.SubjectId)).ToListAsync(ct));
        // A consent to keep longer has nothing left to keep, and nothing of the person is left to prove it for.
        db.RetentionConsents.RemoveRange(await db.RetentionConsents.Where(c => ids.Contains(c.SubjectId)).ToListAsync(ct));
        await vault.ShredAsync(ids, ct);
        await db.RightsRequests.Where(r => ids.Contains(r.SubjectId)).ExecuteUpdateAsync(u => u.SetProperty(r => r.Details, (byte[]?)null), ct);
        await db.AccessPackages.Where(p => ids.Contains(p.SubjectId)).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Forgets those of <paramref name="subjectIds"/> that a retention rule left holding nothing (by the test of
    /// <see cref="Requesters.HoldingNothingAsync"/>), each in the erasure ledger so that a restored backup forgets them
    /// again; the caller saves. A browser's visitor id alone keeps no one: it names no one once their key is gone.
    /// </summary>
    public static async Task ForgetLeftWithNothingAsync(AppDb db, SubjectVault vault, TimeProvider time, IReadOnlyCollection<Guid> subjectIds, string rule, CancellationToken ct)
    {
        var forgotten = await Requesters.HoldingNothingAsync(db, subjectIds, exceptRequest: null, OsloCalendar.Today(time), ct, countIdentifiers: false);
        if (forgotten.Count == 0)
            return;
        await ClearAsync(db, vault, forgotten, ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var subjectId in subjectIds.Distinct().Where(forgotten.Contains))
        {
            db.ErasureLedger.Add(new ErasureLedgerEntry { SubjectId = subjectId, ErasedAt = now, Sources = $"retention:{rule}" });
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "subject.forgotten", subjectId, details: $"retention: {rule}"));
        }
    }
}
