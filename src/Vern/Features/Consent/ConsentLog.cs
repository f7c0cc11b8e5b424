using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Consent;

/// <summary>
/// The consent ledger as a transparency log (RFC 9162): its records are the leaves of a Merkle tree whose
/// complete subtrees are stored (<see cref="ConsentLogNode"/>), and each group commit signs one tree head.
/// Leaves, heads and receipts are written exactly as receipt format 1 fixes them (see the README), because
/// verifiers rebuild or hash those bytes without Vern's code.
/// </summary>
internal static class ConsentLog
{
    public const int Format = 1;

    /// <summary>The leaf: the record as UTF-8 JSON, with its index and without the visitor id.</summary>
    public static byte[] LeafBytes(ConsentRecord record, long index)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v"u8, Format);
            json.WriteString("id"u8, record.Id);
            json.WriteNumber("index"u8, index);
            json.WriteString("recordedAt"u8, record.RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("principal"u8, ConsentReceipt.PrincipalId(record));
            json.WriteNumber("revision"u8, record.Revision);
            json.WriteString("language"u8, record.Language);
            json.WriteString("action"u8, record.Action.ToWire());
            json.WritePropertyName("categories"u8);
            json.WriteRawValue(record.Categories);
            json.WritePropertyName("services"u8);
            json.WriteRawValue(record.Services);
            json.WriteBoolean("gpc"u8, record.Gpc);
            json.WriteString("textHash"u8, record.TextHash);
            if (record.PolicyVersion is { } policy)
                json.WriteNumber("policyVersion"u8, policy);
            else
                json.WriteNull("policyVersion"u8);
            json.WriteString("recordHash"u8, record.Hash);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The compact receipt of leaf <paramref name="index"/>, proven by <paramref name="proof"/> in <paramref name="head"/>.</summary>
    public static string CompactReceipt(long index, ConsentTreeHead head, byte[] leafHash, IReadOnlyList<byte[]> proof) =>
        new CompactReceipt(index, head.Size, head.TimeMilliseconds(), head.KeyId, leafHash, proof, head.Signature).Encode();

    public static Task<ConsentTreeHead?> LatestHeadAsync(AppDb db, CancellationToken ct) =>
        db.ConsentTreeHeads.AsNoTracking().OrderByDescending(h => h.Size).FirstOrDefaultAsync(ct);

    /// <summary>The head of the commit that appended leaf <paramref name="index"/>: the first head that holds it.</summary>
    public static Task<ConsentTreeHead?> HeadHoldingAsync(AppDb db, long index, CancellationToken ct) =>
        db.ConsentTreeHeads.AsNoTracking().Where(h => h.Size > index).OrderBy(h => h.Size).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Runs a root or proof computation over the stored complete subtrees, reading the few it needs in one
    /// query: which ones depends only on the sizes, so a dry run over placeholders names them first.
    /// </summary>
    public static async Task<T> ComputeAsync<T>(AppDb db, Func<MerkleTree.Node, T> compute, CancellationToken ct)
    {
        var nodes = await NodesAsync(db, MerkleTree.NodesRead(node => compute(node)), ct);
        return compute((level, index) => nodes.TryGetValue((level, index), out var hash)
            ? hash
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The consent log has no node at level {level}, index {index}.")));
    }

    public static async Task<Dictionary<(int Level, long Index), byte[]>> NodesAsync(AppDb db, IReadOnlySet<(int Level, long Index)> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return [];
        // Levels and indexes as two lists, which both databases answer from the primary key; the few
        // combinations that were not asked for are dropped here.
        var levels = keys.Select(k => k.Level).Distinct().ToList();
        var indexes = keys.Select(k => k.Index).Distinct().ToList();
        var rows = await db.ConsentLogNodes.AsNoTracking()
            .Where(n => levels.Contains(n.Level) && indexes.Contains(n.Index))
            .Select(n => new { n.Level, n.Index, n.Hash })
            .ToListAsync(ct);
        return rows.Where(r => keys.Contains((r.Level, r.Index))).ToDictionary(r => (r.Level, r.Index), r => r.Hash);
    }

    /// <summary>
    /// The log's tree ready to take more leaves: the latest head's frontier, caught up with any record already in
    /// the ledger but not yet in the tree (the records of a ledger older than the log, on its first commit).
    /// Called under the ledger lock, inside the transaction that will write the new nodes and head, so several
    /// servers on one database always continue the same tree. <paramref name="flush"/> takes the nodes of
    /// a long catch-up as it goes, so a ledger of millions of records is not held in memory.
    /// </summary>
    public static async Task<(ConsentLogAppend Tree, ConsentTreeHead? Head)> OpenAsync(
        AppDb db, long nextSequence, Func<IReadOnlyList<ConsentLogNode>, Task> flush, CancellationToken ct)
    {
        var head = await LatestHeadAsync(db, ct);
        ConsentLogAppend tree;
        if (head is null)
        {
            var first = await db.ConsentRecords.MinAsync(r => (long?)r.Sequence, ct) ?? nextSequence;
            tree = new ConsentLogAppend(first, 0, []);
        }
        else
        {
            var frontier = MerkleTree.Frontier(head.Size).ToList();
            var nodes = await NodesAsync(db, frontier.ToHashSet(), ct);
            tree = new ConsentLogAppend(head.FirstSequence, head.Size, [.. frontier.Select(k => (k.Level, k.Index, nodes[k]))]);
        }
        const int Chunk = 2000;
        while (tree.NextSequence < nextSequence)
        {
            var from = tree.NextSequence;
            var records = await db.ConsentRecords.AsNoTracking()
                .Where(r => r.Sequence >= from && r.Sequence < nextSequence)
                .OrderBy(r => r.Sequence).Take(Chunk).ToListAsync(ct);
            foreach (var record in records)
                tree.Add(record);
            await flush(tree.TakeAdded());
        }
        return (tree, head);
    }

    /// <summary>
    /// A stored record's leaf and compact receipt, proven in the head of the commit that appended it (not the
    /// latest): the same receipt as its 201, however much the log has grown since. Null while the record
    /// is not in the log yet.
    /// </summary>
    public static async Task<StoredReceipt?> ReceiptAsync(AppDb db, ConsentRecord record, CancellationToken ct)
    {
        var latest = await LatestHeadAsync(db, ct);
        if (latest is null || latest.IndexOf(record.Sequence) is var index && (index < 0 || index >= latest.Size))
            return null;
        var head = (await HeadHoldingAsync(db, index, ct))!;
        var leaf = LeafBytes(record, index);
        var proof = await ComputeAsync(db, node => MerkleTree.InclusionProof(index, head.Size, node), ct);
        return new StoredReceipt(leaf, CompactReceipt(index, head, MerkleTree.LeafHash(leaf), proof), head);
    }

    /// <summary>A new head for the tree as it stands, signed.</summary>
    public static ConsentTreeHead Sign(ConsentLogAppend tree, ReceiptKey key, TimeProvider time)
    {
        var head = new ConsentTreeHead
        {
            Size = tree.Size,
            FirstSequence = tree.FirstSequence,
            Root = tree.Root(),
            SignedAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()).UtcDateTime,
            KeyId = key.KeyId,
        };
        head.Signature = key.SignData(head.ToSignedTreeHead().SigningInputBytes());
        return head;
    }
}

/// <summary>A record's leaf bytes, its compact receipt and the signed head the receipt proves it in.</summary>
internal sealed record StoredReceipt(byte[] Leaf, string Compact, ConsentTreeHead Head);
