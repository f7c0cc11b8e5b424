using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>Links new consent records to the ledger's hash chain and verifies it.</summary>
internal static class ConsentChain
{
    public static bool HasPendingRecords(AppDb db) =>
        db.ChangeTracker.Entries<ConsentRecord>().Any(e => e.State == EntityState.Added);

    /// <summary>Called inside the transaction, under the ledger lock, just before saving.</summary>
    public static Task LinkPendingRecordsAsync(AppDb db, CancellationToken ct) =>
        LinkAsync(db, db.ChangeTracker.Entries<ConsentRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList(), ct);

    /// <summary>
    /// Appends <paramref name="records"/>, in order, after the ledger's last record. Called inside the
    /// transaction that writes them, under the ledger lock.
    /// </summary>
    public static async Task LinkAsync(AppDb db, IReadOnlyList<ConsentRecord> records, CancellationToken ct)
    {
        var last = await db.ConsentRecords.AsNoTracking()
            .OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash })
            .FirstOrDefaultAsync(ct);
        // An empty ledger after retention continues from its anchor, not from 1.
        var anchor = last is null ? await LatestAnchorAsync(db, ct) : null;
        Link(records, last?.Sequence ?? anchor?.Sequence ?? 0, last?.Hash ?? anchor?.Hash ?? HashChain.Genesis);
    }

    /// <summary>
    /// Appends <paramref name="records"/>, in order, after the record numbered <paramref name="sequence"/>
    /// whose hash is <paramref name="previous"/>: for a writer that has just read the ledger's head itself.
    /// </summary>
    public static void Link(IReadOnlyList<ConsentRecord> records, long sequence, string previous)
    {
        foreach (var record in records)
        {
            record.RecordedAt = HashChain.Truncate(record.RecordedAt);
            record.Sequence = ++sequence;
            record.PreviousHash = previous;
            record.Hash = previous = Compute(record);
        }
    }

    public static string Compute(ConsentRecord r) => HashChain.Compute(Fields(r));

    private static string?[] Fields(ConsentRecord r) =>
        [r.Id.ToString("N"), HashChain.Number(r.Sequence), HashChain.Ticks(r.RecordedAt),
        r.VisitorId, HashChain.Number(r.Revision), r.Language, r.Action, r.Categories, r.Services,
        r.Gpc ? "1" : "0", r.TextHash, r.PolicyVersion is { } policy ? HashChain.Number(policy) : null, r.PreviousHash];

    private static Task<ConsentAnchor?> LatestAnchorAsync(AppDb db, CancellationToken ct) =>
        db.ConsentAnchors.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>The last record's sequence and hash (or the anchor's), for a checkpoint; null while nothing was ever recorded.</summary>
    public static async Task<(long Size, string Head)?> HeadAsync(AppDb db, CancellationToken ct)
    {
        var last = await db.ConsentRecords.AsNoTracking().OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(ct);
        if (last is not null)
            return (last.Sequence, last.Hash);
        return await LatestAnchorAsync(db, ct) is { } anchor ? (anchor.Sequence, anchor.Hash) : null;
    }

    /// <summary>
    /// Walks the whole ledger from its anchor and holds it against the signed checkpoints kept outside
    /// the database; reports the first record that breaks it. Checkpoints of records that retention has
    /// since deleted are met by the anchor, whose moves the audit trail records.
    /// </summary>
    public static async Task<LedgerVerification> VerifyAsync(AppDb db, CheckpointSet checkpoints, CancellationToken ct = default)
    {
        if (checkpoints.Problem is { } unsigned)
            return LedgerVerification.Broken(0, 0, 0, unsigned);
        var anchor = await LatestAnchorAsync(db, ct);
        var start = anchor?.Sequence ?? 0;
        var expectedSequence = start + 1;
        var previous = anchor?.Hash ?? HashChain.Genesis;
        if (anchor is not null && checkpoints.Mismatch("Record", anchor.Sequence, anchor.Hash) is { } moved)
            return LedgerVerification.Broken(0, start, start, moved);
        var version2Seen = false;
        var count = 0L;
        await foreach (var record in db.ConsentRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (record.Sequence != expectedSequence)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence,
                    record.Sequence > expectedSequence ? $"Record {expectedSequence} is missing." : $"Record {record.Sequence} appears twice or precedes the anchor.");
            if (record.PreviousHash != previous)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence,
                    $"Record {record.Sequence} does not follow its predecessor: a record was removed, inserted or edited.");
            if (!HashChain.Matches(record.Hash, ref version2Seen, Fields(record)))
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence, $"Record {record.Sequence} was altered after it was written.");
            if (checkpoints.Mismatch("Record", record.Sequence, record.Hash) is { } rewritten)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence, rewritten);
            previous = record.Hash;
            expectedSequence++;
            count++;
        }
        if (checkpoints.Truncation("records", expectedSequence - 1) is { } truncated)
            return LedgerVerification.Broken(count, expectedSequence - 1, expectedSequence, $"The ledger was cut short. {truncated}");
        return new LedgerVerification(true, count, expectedSequence - 1, start, null, null, previous);
    }
}

/// <summary>
/// The outcome of walking the ledger: <see cref="Verified"/> records checked, <see cref="LastGood"/>
/// the sequence of the last good one, <see cref="AnchoredAt"/> where retention left the chain's start.
/// </summary>
internal sealed record LedgerVerification(bool Intact, long Verified, long LastGood, long AnchoredAt, long? BrokenAt, string? Problem, string? Head)
{
    public static LedgerVerification Broken(long verified, long lastGood, long at, string problem) => new(false, verified, lastGood, 0, at, problem, null);
}
