using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// Raw events under the retention contract, counted from collection under the rule of the definition's analytics
/// purpose. A rule that anonymises keeps the counts: the events' days are rolled up before they are deleted. On
/// PostgreSQL whole months are dropped as partitions (<see cref="AnalyticsPartitions"/>).
/// </summary>
internal sealed class AnalyticsRetention(AppDb db, AnalyticsRollups rollups, AnalyticsPartitions partitions, ModelStore models) : IRetentionSource
{
    public string Name => "analytics";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Collection];

    public bool Anonymises => true;

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) =>
        Holds(scope) ? db.AnalyticsEvents.Where(e => e.OccurredAt < scope.ClockStartedBefore).Take(limit).CountAsync(ct) : Task.FromResult(0);

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        if (!Holds(scope))
            return 0;
        var found = await db.AnalyticsEvents.Where(e => e.OccurredAt < scope.ClockStartedBefore).OrderBy(e => e.Id).Select(e => e.Id).Take(batch.Size).ToListAsync(ct);
        if (found.Count == 0)
            return 0;
        if (scope.Rule.Action == RetentionAction.Anonymise)
            await rollups.RunAsync(DateOnly.FromDateTime(scope.ClockStartedBefore), ct);
        await batch.BeginWriteAsync(ct);
        // On PostgreSQL a month whose every event is due goes as one table; what is left of the due events row by row.
        if (await partitions.DropEndedBeforeAsync(scope.ClockStartedBefore, ct) is > 0 and var dropped)
            return dropped;
        return await db.AnalyticsEvents.Where(e => found.Contains(e.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Whether the scope's rule is the one the statistics are kept under.</summary>
    private bool Holds(RetentionScope scope) =>
        models.Current.Model.Analytics is { } analytics && scope.Purposes.Contains(analytics.Purpose);
}
