using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Audit;

/// <summary>Links new audit entries to the chain and verifies the chain.</summary>
internal static class AuditChain
{
    private static readonly ChainedTable<AuditEntry> Chain = new(
        new ChainWords("Entry", "an entry", "entries", "trail"),
        // The case link is hashed only when present, so entries written before it existed keep their hashes,
        // and adding, removing or changing a link on any entry breaks the chain.
        e => [HashChain.Number(e.Sequence), HashChain.Ticks(e.At), e.Actor, e.Action, e.SubjectId?.ToString("N"), e.Reason, e.Details, e.PreviousHash,
            .. e.RequestId is { } request ? [request.ToString("N")] : Array.Empty<string?>()],
        e => e.At = HashChain.Truncate(e.At));

    public static bool HasPendingEntries(AppDb db) => ChainedTable<AuditEntry>.HasPending(db);

    /// <summary>Called inside the transaction, under the chain lock, just before saving.</summary>
    public static async Task LinkPendingEntriesAsync(AppDb db, CancellationToken ct)
    {
        var head = await HeadAsync(db, ct);
        Chain.Link(ChainedTable<AuditEntry>.Pending(db), head?.Size ?? 0, head?.Head ?? HashChain.Genesis);
    }

    public static string Compute(AuditEntry e) => Chain.Compute(e);

    /// <summary>The last entry's sequence and hash, for a checkpoint; null while the trail is empty.</summary>
    public static Task<(long Size, string Head)?> HeadAsync(AppDb db, CancellationToken ct) =>
        ChainedTable<AuditEntry>.HeadAsync(db.AuditEntries, ct);

    /// <summary>
    /// Walks the whole chain and holds it against the signed checkpoints kept outside the database;
    /// reports the first entry that breaks it.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(AppDb db, CheckpointSet checkpoints, CancellationToken ct = default)
    {
        var walk = await Chain.WalkAsync(db.AuditEntries, anchor: null, checkpoints, ct);
        return new AuditVerification(walk.Intact, walk.Verified, walk.BrokenAt, walk.Problem, walk.Head);
    }
}

internal sealed record AuditVerification(bool Intact, long Verified, long? BrokenAt, string? Problem, string? Head);
