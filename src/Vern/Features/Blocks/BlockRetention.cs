using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Blocks;

/// <summary>
/// Blocks under the retention contract: a block's last activity is its end (its last day, its lapse or its lifting),
/// and the rule of the purpose it was placed under counts from there. The block goes with its contests.
/// </summary>
internal sealed class BlockRetention(AppDb db, TimeProvider time) : IRetentionSource
{
    public string Name => "blocks";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.LastActivity];

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) => Due(scope).Take(limit).CountAsync(ct);

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        var found = await Due(scope).OrderBy(b => b.Id).Select(b => b.Id).Take(batch.Size).ToListAsync(ct);
        if (found.Count == 0)
            return 0;
        await batch.BeginWriteAsync(ct);
        var due = await Due(scope).Where(b => found.Contains(b.Id)).Select(b => new { b.Id, b.SubjectId }).ToListAsync(ct);
        var ids = due.Select(d => d.Id).ToList();
        await db.BlockContests.Where(c => ids.Contains(c.BlockId)).ExecuteDeleteAsync(ct);
        await db.Blocks.Where(b => ids.Contains(b.Id)).ExecuteDeleteAsync(ct);
        foreach (var block in due)
            db.AuditEntries.Add(AuditEntry.Create(time, "system", FraudBlocks.AuditPrefix + "deleted", block.SubjectId, details: $"{FraudBlocks.Details(block.Id)}, retention: {scope.Rule.Id}"));
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private IQueryable<Block> Due(RetentionScope scope) =>
        db.Blocks.Where(b => scope.Purposes.Contains(b.Purpose) && (b.LiftedAt ?? b.EndsAt) < scope.ClockStartedBefore);
}
