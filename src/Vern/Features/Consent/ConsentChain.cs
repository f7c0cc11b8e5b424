using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Consent;

/// <summary>Links new consent records to the ledger's hash chain and verifies it.</summary>
internal static class ConsentChain
{
    private static readonly ChainedTable<ConsentRecord> Chain = new(
        new ChainWords("Record", "a record", "records", "ledger"),
        r =>
        [
            r.Id.ToString("N"), HashChain.Number(r.Sequence), HashChain.Ticks(r.RecordedAt),
            r.VisitorId, HashChain.Number(r.Revision), r.Language, r.Action.ToWire(), r.Categories, r.Services,
            r.Gpc ? "1" : "0", r.TextHash, r.PolicyVersion is { } policy ? HashChain.Number(policy) : null, r.PreviousHash,
        ],
        r => r.RecordedAt = HashChain.Truncate(r.RecordedAt));

    public static bool HasPendingRecords(AppDb db) => ChainedTable<ConsentRecord>.HasPending(db);

    /// <summary>Called inside the transaction, under the ledger lock, just before saving.</summary>
    public static Task LinkPendingRecordsAsync(AppDb db, CancellationToken ct) => LinkAsync(db, ChainedTable<ConsentRecord>.Pending(db), ct);

    /// <summary>
    /// Appends <paramref name="records"/>, in order, after the ledger's last record. Called inside the
    /// transaction that writes them, under the ledger lock.
    /// </summary>
    public static async Task LinkAsync(AppDb db, IReadOnlyList<ConsentRecord> records, CancellationToken ct)
    {
        var head = await HeadAsync(db, ct);
        Link(records, head?.Size ?? 0, head?.Head ?? HashChain.Genesis);
    }

    /// <summary>
    /// Appends <paramref name="records"/>, in order, after the record numbered <paramref name="sequence"/>
    /// whose hash is <paramref name="previous"/>: for a writer that has just read the ledger's head itself.
    /// </summary>
    public static void Link(IReadOnlyList<ConsentRecord> records, long sequence, string previous) => Chain.Link(records, sequence, previous);

    public static string Compute(ConsentRecord r) => Chain.Compute(r);

    private static Task<ConsentAnchor?> LatestAnchorAsync(AppDb db, CancellationToken ct) =>
        db.ConsentAnchors.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The last record's sequence and hash (or the anchor's: an empty ledger after retention continues from
    /// it, not from 1), for linking and for a checkpoint; null while nothing was ever recorded.
    /// </summary>
    public static async Task<(long Size, string Head)?> HeadAsync(AppDb db, CancellationToken ct) =>
        await ChainedTable<ConsentRecord>.HeadAsync(db.ConsentRecords, ct)
        ?? (await LatestAnchorAsync(db, ct) is { } anchor ? (anchor.Sequence, anchor.Hash) : null);

    /// <summary>
    /// Walks the whole ledger from its anchor and holds it against the signed checkpoints kept outside
    /// the database; reports the first record that breaks it. Checkpoints of records that retention has
    /// since deleted are met by the anchor, whose moves the audit trail records. An intact chain is then
    /// held against the log's signed tree heads (<see cref="ConsentLogVerification"/>).
    /// </summary>
    public static async Task<LedgerVerification> VerifyAsync(AppDb db, CheckpointSet checkpoints, ReceiptKey key, CancellationToken ct = default)
    {
        var anchor = await LatestAnchorAsync(db, ct);
        var walk = await Chain.WalkAsync(db.ConsentRecords, anchor is null ? null : (anchor.Sequence, anchor.Hash), checkpoints, ct);
        if (!walk.Intact)
            return new LedgerVerification(false, walk.Verified, walk.LastGood, 0, walk.BrokenAt, walk.Problem, null);
        var log = await ConsentLogVerification.VerifyAsync(db, key, ct);
        return log.BrokenAt is { } brokenAt
            ? new LedgerVerification(false, walk.Verified, brokenAt - 1, 0, brokenAt, log.Problem, null)
            : new LedgerVerification(true, walk.Verified, walk.LastGood, anchor?.Sequence ?? 0, null, null, walk.Head) { Heads = log.Heads };
    }
}

/// <summary>
/// The outcome of walking the ledger: <see cref="Verified"/> records checked, <see cref="LastGood"/>
/// the sequence of the last good one, <see cref="AnchoredAt"/> where retention left the chain's start.
/// </summary>
internal sealed record LedgerVerification(bool Intact, long Verified, long LastGood, long AnchoredAt, long? BrokenAt, string? Problem, string? Head)
{
    /// <summary>The signed tree heads of the log that were verified against the records.</summary>
    public long Heads { get; init; }
}
