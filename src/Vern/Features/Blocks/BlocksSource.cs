using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks;

/// <summary>
/// Blocks under the rights contracts: each block of the person (by subject id or by their address's keyed hash) is in
/// their access package with its reason, its days, where it stands and the outcome of any contest. An erasure keeps
/// the records, which show that each block was decided and reviewed by a person, until their retention rule disposes
/// of them; a contest's statement is sealed with the person's key and goes with it.
/// </summary>
internal sealed class BlocksSource(AppDb db, LookupHasher hasher, TimeProvider time) : IPersonalDataSource
{
    private static readonly string[] Columns = ["placed", "last-day", "state", "reason", "contest-outcome"];

    public string Name => "blocks";

    public IReadOnlyList<Type> Covers { get; } = [typeof(Block), typeof(BlockContest)];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<BlockTexts>.In(subject.Language);
        var now = time.GetUtcNow().UtcDateTime;
        var blocks = await OfAsync(subject, ct);
        var ids = blocks.Select(b => b.Id).ToList();
        var outcomes = (await db.BlockContests.AsNoTracking().Where(c => ids.Contains(c.BlockId) && c.Outcome != null).ToListAsync(ct))
            .ToLookup(c => c.BlockId, c => c.Outcome!.Value.ToWire());
        var rows = blocks.Select(b => (IReadOnlyList<string?>)
        [
            b.PlacedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FraudBlocks.LastDay(b.LiftedAt ?? b.EndsAt),
            b.StateAt(now).ToWire(),
            b.Reason,
            outcomes[b.Id].LastOrDefault(),
        ]).ToList();
        return new SourceExport(Name, t.SourceTitle, t.SourceOrigin, Portable: false, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<BlockTexts>.In(subject.Language);
        var count = (await OfAsync(subject, ct)).Count;
        return count == 0
            ? new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld)
            : new SourceErasure(Name, ErasureOutcome.Kept, string.Format(CultureInfo.InvariantCulture, t.Kept, count));
    }

    private async Task<List<Block>> OfAsync(DataSubject subject, CancellationToken ct)
    {
        var lookup = subject.Email is null ? null : await hasher.HashEmailAsync(subject.Email, ct);
        return await db.Blocks.AsNoTracking().Where(b => b.SubjectId == subject.Id || (lookup != null && b.EmailLookup == lookup))
            .OrderBy(b => b.PlacedAt).ToListAsync(ct);
    }
}
