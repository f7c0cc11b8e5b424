using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Subjects;

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
}
