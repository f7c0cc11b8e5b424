using Microsoft.EntityFrameworkCore;
using Vern.Data;
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

    public static string Compute(ConsentRecord r) => HashChain.Compute(
        r.Id.ToString("N"), HashChain.Number(r.Sequence), HashChain.Ticks(r.RecordedAt),
        r.VisitorId, HashChain.Number(r.Revision), r.Language, r.Action, r.Categories, r.Services,
        r.Gpc ? "1" : "0", r.TextHash, r.PolicyVersion is { } policy ? HashChain.Number(policy) : "", r.PreviousHash);

    private static Task<ConsentAnchor?> LatestAnchorAsync(AppDb db, CancellationToken ct) =>
        db.ConsentAnchors.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>Walks the whole ledger from its anchor; reports the first record that breaks it.</summary>
    public static async Task<LedgerVerification> VerifyAsync(AppDb db, CancellationToken ct = default)
    {
        var anchor = await LatestAnchorAsync(db, ct);
        var start = anchor?.Sequence ?? 0;
        var expectedSequence = start + 1;
        var previous = anchor?.Hash ?? HashChain.Genesis;
        var count = 0L;
        await foreach (var record in db.ConsentRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (record.Sequence != expectedSequence)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence,
                    record.Sequence > expectedSequence ? $"Record {expectedSequence} is missing." : $"Record {record.Sequence} appears twice or precedes the anchor.");
            if (record.PreviousHash != previous)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence,
                    $"Record {record.Sequence} does not follow its predecessor: a record was removed, inserted or edited.");
            if (Compute(record) != record.Hash)
                return LedgerVerification.Broken(count, expectedSequence - 1, record.Sequence, $"Record {record.Sequence} was altered after it was written.");
            previous = record.Hash;
            expectedSequence++;
            count++;
        }
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
