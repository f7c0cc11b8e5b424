using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Backups;

/// <summary>What a replay did: people erased again, by the ledger and by a missing data key.</summary>
internal sealed record ReplayOutcome(int Erasures, int FromLedger, int FromKeyStore);

/// <summary>
/// Makes a restored database forget everyone who was erased after the backup was taken. Two
/// witnesses survive the restore: the erasure ledger of the database that was replaced (it holds
/// no personal data, so it may be kept in memory across the swap), and the key store, which a
/// restore never touches, so a subject without a data key was erased even when that ledger is gone.
/// </summary>
internal static class ErasureReplay
{
    public const string RestoreReplaySource = "restore-replay";
    private const string Actor = "system";

    public static async Task<ReplayOutcome> HandleAsync(
        AppDb db, SubjectVault vault, KeyStore keys, TimeProvider time,
        IReadOnlyList<ErasureLedgerEntry>? before, string backupName, CancellationToken ct)
    {
        var restored = (await db.ErasureLedger.AsNoTracking().Select(e => new { e.SubjectId, e.ErasedAt }).ToListAsync(ct))
            .Select(e => (e.SubjectId, e.ErasedAt))
            .ToHashSet();
        var erased = new HashSet<Guid>();

        var fromLedger = 0;
        foreach (var entry in (before ?? []).Where(e => !restored.Contains((e.SubjectId, e.ErasedAt))).OrderBy(e => e.Id))
        {
            if (erased.Add(entry.SubjectId))
            {
                await ErasedSubjects.ClearAsync(db, vault, entry.SubjectId, ct);
                fromLedger++;
            }
            db.ErasureLedger.Add(new ErasureLedgerEntry
            {
                SubjectId = entry.SubjectId,
                RequestId = entry.RequestId,
                ErasedAt = entry.ErasedAt,
                Sources = entry.Sources,
            });
        }

        // A person is a subject with a key; one that lost its key after the backup is erased here,
        // with a ledger entry of its own so the next restore of this backup knows it too.
        var owners = await keys.OwnersAsync(ct);
        var keyless = (await db.Subjects.AsNoTracking().Where(s => s.ShreddedAt == null).Select(s => s.Id).ToListAsync(ct))
            .Where(id => !erased.Contains(id) && !owners.Contains(id.ToString()))
            .ToList();
        foreach (var subjectId in keyless)
        {
            erased.Add(subjectId);
            await ErasedSubjects.ClearAsync(db, vault, subjectId, ct);
            db.ErasureLedger.Add(new ErasureLedgerEntry
            {
                SubjectId = subjectId,
                ErasedAt = time.GetUtcNow().UtcDateTime,
                Sources = RestoreReplaySource,
            });
        }

        foreach (var subjectId in erased)
            db.AuditEntries.Add(AuditEntry.Create(time, Actor, "subject.erased", subjectId, reason: "Erased after the backup was taken; replayed by the restore."));
        db.AuditEntries.Add(AuditEntry.Create(time, Actor, "backup.restored",
            details: $"backup={backupName}; erasures replayed={erased.Count}; from erasure ledger={fromLedger}; from missing data keys={keyless.Count}"));
        await db.SaveChangesAsync(ct);
        return new ReplayOutcome(erased.Count, fromLedger, keyless.Count);
    }
}
