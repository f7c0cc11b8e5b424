using Microsoft.EntityFrameworkCore;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Audit;

/// <summary>
/// How a hash chain kept in a table is linked and verified, for the audit trail and the consent ledger
/// alike: each chain says only which fields its entries hash, how their instant is stored, and what its
/// entries are called in a report.
/// </summary>
/// <param name="fields">What an entry's hash covers, its own sequence and its predecessor's hash included.</param>
/// <param name="store">Rounds an entry's instant to what the database keeps, so the hash still matches when read back.</param>
internal sealed class ChainedTable<T>(ChainWords words, Func<T, string?[]> fields, Action<T> store) where T : class, IChainEntry
{
    public string Compute(T entry) => HashChain.Compute(fields(entry));

    public static bool HasPending(DbContext db) => db.ChangeTracker.Entries<T>().Any(e => e.State == EntityState.Added);

    /// <summary>The entries added to <paramref name="db"/> and not yet saved, in the order they were added.</summary>
    public static List<T> Pending(DbContext db) =>
        db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    /// <summary>The last entry's sequence and hash; null while the table is empty.</summary>
    public static async Task<(long Size, string Head)?> HeadAsync(IQueryable<T> table, CancellationToken ct) =>
        await table.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct) is { } last ? (last.Sequence, last.Hash) : null;

    /// <summary>
    /// Appends <paramref name="entries"/>, in order, after the entry numbered <paramref name="sequence"/> whose
    /// hash is <paramref name="previous"/> (<see cref="HashChain.Genesis"/> after none). Called inside the
    /// transaction that writes them, under the chain's lock.
    /// </summary>
    public void Link(IEnumerable<T> entries, long sequence, string previous)
    {
        foreach (var entry in entries)
        {
            store(entry);
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = previous = Compute(entry);
        }
    }

    /// <summary>
    /// Walks the whole chain from its start (1, or the <paramref name="anchor"/> retention left) and holds it
    /// against the signed checkpoints kept outside the database; reports the first entry that breaks it.
    /// </summary>
    public async Task<ChainWalk> WalkAsync(IQueryable<T> table, (long Sequence, string Hash)? anchor, CheckpointSet checkpoints, CancellationToken ct)
    {
        if (checkpoints.Problem is { } unsigned)
            return ChainWalk.Broken(0, 0, 0, unsigned);
        var start = anchor?.Sequence ?? 0;
        var previous = anchor?.Hash ?? HashChain.Genesis;
        if (anchor is { } from && checkpoints.Mismatch(words.Entry, from.Sequence, from.Hash) is { } moved)
            return ChainWalk.Broken(0, start, start, moved);
        var expected = start + 1;
        var version2Seen = false;
        var count = 0L;
        await foreach (var entry in table.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var problem =
                entry.Sequence > expected ? $"{words.Entry} {expected} is missing."
                : entry.Sequence < expected ? $"{words.Entry} {entry.Sequence} appears twice{(anchor is null ? "" : " or precedes the anchor")}."
                : entry.PreviousHash != previous ? $"{words.Entry} {entry.Sequence} does not follow its predecessor: {words.AnEntry} was removed, inserted or edited."
                : !HashChain.Matches(entry.Hash, ref version2Seen, fields(entry)) ? $"{words.Entry} {entry.Sequence} was altered after it was written."
                : checkpoints.Mismatch(words.Entry, entry.Sequence, entry.Hash);
            if (problem is not null)
                return ChainWalk.Broken(count, expected - 1, entry.Sequence, problem);
            previous = entry.Hash;
            expected++;
            count++;
        }
        if (checkpoints.Truncation(words.Entries, expected - 1) is { } truncated)
            return ChainWalk.Broken(count, expected - 1, expected, $"The {words.Chain} was cut short. {truncated}");
        return new ChainWalk(true, count, expected - 1, null, null, previous);
    }
}

/// <summary>What a chain's entries and the chain itself are called in a report: <c>Entry</c>, <c>an entry</c>, <c>entries</c>, <c>trail</c>.</summary>
internal sealed record ChainWords(string Entry, string AnEntry, string Entries, string Chain);

/// <summary>
/// The outcome of walking a chain: <see cref="Verified"/> entries checked, <see cref="LastGood"/> the sequence
/// of the last good one, and where it broke, why, or its head when intact.
/// </summary>
internal sealed record ChainWalk(bool Intact, long Verified, long LastGood, long? BrokenAt, string? Problem, string? Head)
{
    public static ChainWalk Broken(long verified, long lastGood, long at, string problem) => new(false, verified, lastGood, at, problem, null);
}
