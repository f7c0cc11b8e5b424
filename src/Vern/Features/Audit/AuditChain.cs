using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Audit;

/// <summary>Links new audit entries to the chain and verifies the chain.</summary>
internal static class AuditChain
{
    public static bool HasPendingEntries(AppDb db) =>
        db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added);

    /// <summary>Called inside the transaction, under the chain lock, just before saving.</summary>
    public static async Task LinkPendingEntriesAsync(AppDb db, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? HashChain.Genesis;
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList())
        {
            entry.At = HashChain.Truncate(entry.At);
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = previous = Compute(entry);
        }
    }

    public static string Compute(AuditEntry e) => HashChain.Compute(Fields(e));

    private static string?[] Fields(AuditEntry e) =>
        [HashChain.Number(e.Sequence), HashChain.Ticks(e.At), e.Actor, e.Action, e.SubjectId?.ToString("N"), e.Reason, e.Details, e.PreviousHash];

    /// <summary>The last entry's sequence and hash, for a checkpoint; null while the trail is empty.</summary>
    public static async Task<(long Size, string Head)?> HeadAsync(AppDb db, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct) is { } last ? (last.Sequence, last.Hash) : null;

    /// <summary>
    /// Walks the whole chain and holds it against the signed checkpoints kept outside the database;
    /// reports the first entry that breaks it.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(AppDb db, CheckpointSet checkpoints, CancellationToken ct = default)
    {
        if (checkpoints.Problem is { } unsigned)
            return AuditVerification.Broken(0, 0, unsigned);
        var expectedSequence = 1L;
        var previous = HashChain.Genesis;
        var version2Seen = false;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != expectedSequence)
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence,
                    entry.Sequence > expectedSequence ? $"Entry {expectedSequence} is missing." : $"Entry {entry.Sequence} appears twice.");
            if (entry.PreviousHash != previous)
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence, $"Entry {entry.Sequence} does not follow its predecessor: an entry was removed, inserted or edited.");
            if (!HashChain.Matches(entry.Hash, ref version2Seen, Fields(entry)))
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence, $"Entry {entry.Sequence} was altered after it was written.");
            if (checkpoints.Mismatch("Entry", entry.Sequence, entry.Hash) is { } rewritten)
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence, rewritten);
            previous = entry.Hash;
            expectedSequence++;
        }
        if (checkpoints.Truncation("entries", expectedSequence - 1) is { } truncated)
            return AuditVerification.Broken(expectedSequence - 1, expectedSequence, $"The trail was cut short. {truncated}");
        return new AuditVerification(true, expectedSequence - 1, null, null, previous);
    }
}

internal sealed record AuditVerification(bool Intact, long Verified, long? BrokenAt, string? Problem, string? Head)
{
    public static AuditVerification Broken(long verified, long at, string problem) => new(false, verified, at, problem, null);
}
