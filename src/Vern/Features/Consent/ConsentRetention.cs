using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;

namespace Vern.Features.Consent;

/// <summary>
/// Deletes consent records the model no longer lets Vern keep: the rule of the purpose that
/// documents consent (shipped: 5 years after the consent was withdrawn or expired). A decision's
/// consent ends when the banner would ask again (<see cref="BannerConfig.MaxAgeDays"/>) or when the
/// same visitor decides anew, whichever comes first.
/// </summary>
internal static class ConsentRetention
{
    public const string Purpose = "consent-evidence";
    private const int Batch = 1000;

    public static async Task<ConsentRetentionResult> ApplyAsync(AppDb db, PrivacyModel model, TimeProvider time, CancellationToken ct = default)
    {
        var rule = model.Purpose(Purpose) is { } purpose ? model.RetentionRule(purpose.Retention) : null;
        if (rule is null || rule.Action != RetentionAction.Delete || !IsoPeriods.TrySubtract(time.GetUtcNow().UtcDateTime, rule.Period, out var endedBefore))
            return new ConsentRetentionResult(0, null);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Under the ledger lock, so two instances running this at once delete each record once.
        await using (await db.LockConsentLedgerAsync(ct))
        {
            var maxAge = TimeSpan.FromDays(BannerConfig.MaxAgeDays);
            var candidates = await db.ConsentRecords.AsNoTracking()
                .Where(r => r.RecordedAt < endedBefore)
                .OrderBy(r => r.Sequence)
                .Select(r => new { r.Sequence, r.RecordedAt, r.VisitorLookup, r.Hash })
                .Take(Batch)
                .ToListAsync(ct);
            var first = await db.ConsentRecords.MinAsync(r => (long?)r.Sequence, ct);
            // Only an unbroken run from the start of the chain goes, so what remains still verifies
            // from one anchor; a record behind one still kept waits for it (at most MaxAgeDays).
            var last = (Sequence: 0L, Hash: "");
            var expected = first;
            foreach (var record in candidates)
            {
                if (record.Sequence != expected)
                    break;
                var ended = record.RecordedAt + maxAge;
                if (ended > endedBefore)
                {
                    var next = await db.ConsentRecords.AsNoTracking()
                        .Where(r => r.VisitorLookup == record.VisitorLookup && r.Sequence > record.Sequence)
                        .OrderBy(r => r.Sequence)
                        .Select(r => (DateTime?)r.RecordedAt)
                        .FirstOrDefaultAsync(ct);
                    if (next is null || next > endedBefore)
                        break;
                }
                last = (record.Sequence, record.Hash);
                expected++;
            }
            if (last.Sequence == 0)
                return new ConsentRetentionResult(0, null);

            var deleted = await db.ConsentRecords.Where(r => r.Sequence <= last.Sequence).ExecuteDeleteAsync(ct);
            db.ConsentAnchors.Add(new ConsentAnchor { Sequence = last.Sequence, Hash = last.Hash, CreatedAt = time.GetUtcNow().UtcDateTime, Deleted = deleted });
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "consent.deleted",
                details: $"retention rule {rule.Id}: {deleted} records up to {last.Sequence} deleted; the ledger now starts after hash {last.Hash}"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new ConsentRetentionResult(deleted, last.Sequence);
        }
    }
}

internal sealed record ConsentRetentionResult(int Deleted, long? AnchoredAt);
