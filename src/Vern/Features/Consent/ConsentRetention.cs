using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// The consent ledger's part of the retention contract: a record goes when the rule counted from the end
/// of the consent it documents says so (shipped: 5 years after the consent was withdrawn or expired),
/// whatever the purpose that keeps the evidence is called. A decision's consent ends when the banner would
/// ask again (<see cref="BannerConfig.MaxAgeDays"/>) or when the same visitor decides anew, whichever comes first.
/// </summary>
internal sealed class ConsentRetention(AppDb db, TimeProvider time) : IRetentionSource
{
    public string Name => "consent";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.ConsentEnded];

    public bool LocksConsentLedger => true;

    public async Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) =>
        (await DueAsync(db, scope.ClockStartedBefore, limit, ct)).Count;

    /// <summary>
    /// Deletes up to a batch of due records, moves the ledger's anchor past them and says so in the audit trail. What is due is
    /// found before the write begins (<see cref="RetentionBatch"/>) and needs no second look inside it: only retention deletes
    /// from the chain's start, and a decision recorded now cannot end a consent before a day that is years past. The ledger's
    /// first record is checked under the ledger lock all the same, so a batch another run has deleted is not anchored twice.
    /// </summary>
    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        if (scope.Rule.Action != RetentionAction.Delete)
            return 0;
        var due = await DueAsync(db, scope.ClockStartedBefore, batch.Size, ct);
        if (due.Count == 0)
            return 0;
        await batch.BeginWriteAsync(ct);
        await using (await db.LockConsentLedgerAsync(ct))
        {
            var first = await db.ConsentRecords.MinAsync(r => (long?)r.Sequence, ct);
            if (first != due[0].Sequence)
                return 0;
            var last = due[^1];
            var deleted = await db.ConsentRecords.Where(r => r.Sequence <= last.Sequence).ExecuteDeleteAsync(ct);
            db.ConsentAnchors.Add(new ConsentAnchor { Sequence = last.Sequence, Hash = last.Hash, CreatedAt = time.GetUtcNow().UtcDateTime, Deleted = deleted });
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "consent.deleted",
                details: $"retention rule {scope.Rule.Id}: {deleted} records up to {last.Sequence} deleted; the ledger now starts after hash {last.Hash}"));
            await db.SaveChangesAsync(ct);
            return deleted;
        }
    }

    /// <summary>The rule the ledger's records are kept under in <paramref name="model"/>, if it has one Vern carries out.</summary>
    public static RetentionRule? RuleIn(PrivacyModel model) =>
        model.Retention.FirstOrDefault(r => !r.CarriedOutElsewhere && r.StartsAt == RetentionTrigger.ConsentEnded.ToWire());

    /// <summary>
    /// The records whose consent ended before <paramref name="endedBefore"/>, oldest first. Only an unbroken run
    /// from the start of the chain goes, so what remains still verifies from one anchor; a record behind one
    /// still kept waits for it (at most MaxAgeDays).
    /// </summary>
    /// <remarks>
    /// Costs the same however long the ledger: the first records of the chain by its sequence index, and for those
    /// whose consent ended only by a newer decision, the visitors' later records in one query.
    /// </remarks>
    private static async Task<List<(long Sequence, string Hash)>> DueAsync(AppDb db, DateTime endedBefore, int batch, CancellationToken ct)
    {
        var maxAge = TimeSpan.FromDays(BannerConfig.MaxAgeDays);
        var candidates = await db.ConsentRecords.AsNoTracking()
            .OrderBy(r => r.Sequence)
            .Select(r => new Candidate(r.Sequence, r.RecordedAt, r.VisitorLookup, r.Hash))
            .Take(batch)
            .ToListAsync(ct);
        var started = candidates.TakeWhile(r => r.RecordedAt < endedBefore).ToList();
        var superseded = await SupersededAsync(db, [.. started.Where(r => r.RecordedAt + maxAge >= endedBefore)], endedBefore, ct);
        var due = new List<(long, string)>();
        var expected = started.FirstOrDefault()?.Sequence;
        foreach (var record in started)
        {
            if (record.Sequence != expected || (record.RecordedAt + maxAge >= endedBefore && !superseded.Contains(record.Sequence)))
                break;
            due.Add((record.Sequence, record.Hash));
            expected++;
        }
        return due;
    }

    /// <summary>Which of <paramref name="records"/> the same visitor's next decision replaced before <paramref name="endedBefore"/>.</summary>
    private static async Task<HashSet<long>> SupersededAsync(AppDb db, List<Candidate> records, DateTime endedBefore, CancellationToken ct)
    {
        if (records.Count == 0)
            return [];
        var lookups = records.Select(r => r.VisitorLookup).DistinctBy(Convert.ToHexString).ToList();
        var after = records[0].Sequence;
        var later = (await db.ConsentRecords.AsNoTracking()
            .Where(r => r.Sequence > after && lookups.Contains(r.VisitorLookup))
            .Select(r => new { r.VisitorLookup, r.Sequence, r.RecordedAt })
            .ToListAsync(ct))
            .ToLookup(r => Convert.ToHexString(r.VisitorLookup));
        return [.. records
            .Where(record => later[Convert.ToHexString(record.VisitorLookup)].Where(r => r.Sequence > record.Sequence).MinBy(r => r.Sequence) is { } next
                && next.RecordedAt < endedBefore)
            .Select(record => record.Sequence)];
    }

    private sealed record Candidate(long Sequence, DateTime RecordedAt, byte[] VisitorLookup, string Hash);
}
