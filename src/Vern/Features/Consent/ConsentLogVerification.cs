using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>
/// The log's part of <c>ledger verify</c>: rebuilds the Merkle tree from the records, in order, and holds every
/// signed tree head against it (its root must be the records' root at its size, and its signature must verify
/// with this installation's key). The hash chain catches a record edited, inserted, deleted or reordered by
/// someone who did not recompute the hashes; a head catches one who did, since nobody without the key can sign
/// a new head. The records retention deleted are met by the stored nodes, as the chain's are by its anchor.
/// </summary>
internal static class ConsentLogVerification
{
    private const int Page = 2000;

    public static async Task<LogVerification> VerifyAsync(AppDb db, ReceiptKey key, CancellationToken ct)
    {
        var latest = await ConsentLog.LatestHeadAsync(db, ct);
        if (latest is null)
            return new LogVerification(0, null, null);
        var first = latest.FirstSequence;
        var present = await db.ConsentRecords.MinAsync(r => (long?)r.Sequence, ct);
        if (present < first)
            return Broken(present.Value, $"Record {present} is older than the log, which begins at record {first}.");
        var start = Math.Min(present is { } p ? p - first : latest.Size, latest.Size);
        var frontier = MerkleTree.Frontier(start).ToList();
        var stored = await ConsentLog.NodesAsync(db, frontier.ToHashSet(), ct);
        if (frontier.Any(k => !stored.ContainsKey(k)))
            return Broken(first + start, "The log's nodes for the records deleted by retention are missing.");
        var tree = new ConsentLogAppend(first, start, [.. frontier.Select(k => (k.Level, k.Index, stored[k]))]);

        long verified = 0, lastSize = -1;
        var heads = new Queue<ConsentTreeHead>();
        async Task<ConsentTreeHead?> NextHeadAsync()
        {
            if (heads.Count == 0)
                foreach (var head in await db.ConsentTreeHeads.AsNoTracking().Where(h => h.Size > lastSize).OrderBy(h => h.Size).Take(Page).ToListAsync(ct))
                {
                    heads.Enqueue(head);
                    lastSize = head.Size;
                }
            return heads.TryPeek(out var next) ? next : null;
        }
        string? Check(ConsentTreeHead head, byte[]? root)
        {
            if (head.FirstSequence != first)
                return string.Create(CultureInfo.InvariantCulture, $"The signed tree head of size {head.Size} says the log begins at record {head.FirstSequence}, not {first}.");
            if (head.KeyId != key.KeyId || !key.VerifyData(head.ToSignedTreeHead().SigningInputBytes(), head.Signature))
                return string.Create(CultureInfo.InvariantCulture, $"The signature of the tree head of size {head.Size} does not verify with this installation's key.");
            if (root is not null && !root.AsSpan().SequenceEqual(head.Root))
                return string.Create(CultureInfo.InvariantCulture, $"The signed tree head of size {head.Size} does not match the records: its root is not theirs.");
            return null;
        }

        // Heads whose records retention deleted: only their signatures can still be checked.
        while (await NextHeadAsync() is { } head && head.Size <= start)
        {
            if (Check(head, null) is { } problem)
                return Broken(first + head.Size - 1, problem);
            heads.Dequeue();
            verified++;
        }
        while (tree.Size < latest.Size)
        {
            var from = tree.NextSequence;
            var records = await db.ConsentRecords.AsNoTracking()
                .Where(r => r.Sequence >= from && r.Sequence < first + latest.Size)
                .OrderBy(r => r.Sequence).Take(Page).ToListAsync(ct);
            if (records.Count == 0 || records[0].Sequence != from)
                return Broken(from, string.Create(CultureInfo.InvariantCulture, $"The signed tree head of size {latest.Size} holds record {from}, which is not in the ledger."));
            foreach (var record in records)
            {
                if (record.Sequence != tree.NextSequence)
                    return Broken(tree.NextSequence, string.Create(CultureInfo.InvariantCulture, $"Record {tree.NextSequence}, which the signed tree heads hold, is not in the ledger."));
                tree.Add(record);
                while (await NextHeadAsync() is { } head && head.Size == tree.Size)
                {
                    if (Check(head, tree.Root()) is { } problem)
                        return Broken(record.Sequence, problem);
                    heads.Dequeue();
                    verified++;
                }
            }
            tree.TakeAdded();
        }
        // What proofs are computed from must agree with what was signed.
        var root = await ConsentLog.ComputeAsync(db, node => MerkleTree.Root(latest.Size, node), ct);
        if (!root.AsSpan().SequenceEqual(latest.Root))
            return Broken(first + latest.Size - 1, "The log's stored nodes do not give the latest signed tree head's root.");
        return new LogVerification(verified, null, null);
    }

    private static LogVerification Broken(long sequence, string problem) => new(0, sequence, problem);
}

/// <summary><see cref="Heads"/> signed tree heads verified, or the record where the log stops matching them.</summary>
internal sealed record LogVerification(long Heads, long? BrokenAt, string? Problem);
