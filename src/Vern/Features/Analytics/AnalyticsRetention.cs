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
        var disposed = await partitions.DropEndedBeforeAsync(scope.ClockStartedBefore, ct) is > 0 and var dropped
            ? dropped
            : await db.AnalyticsEvents.Where(e => found.Contains(e.Id)).ExecuteDeleteAsync(ct);
        await ForgetEmptyDaysAsync(scope.ClockStartedBefore, ct);
        return disposed;
    }

    /// <summary>
    /// Deletes the visitors' days that no event is left of: those before the first remaining event, and before the
    /// cut-off's day (events written meanwhile are of today, not of a day this removes).
    /// </summary>
    private async Task ForgetEmptyDaysAsync(DateTime cutOff, CancellationToken ct)
    {
        var before = DateOnly.FromDateTime(cutOff);
        if (await db.AnalyticsEvents.MinAsync(e => (DateTime?)e.OccurredAt, ct) is { } first && DateOnly.FromDateTime(first) < before)
            before = DateOnly.FromDateTime(first);
        await db.AnalyticsVisitorDays.Where(d => d.Day < before).ExecuteDeleteAsync(ct);
    }

    /// <summary>Whether the scope's rule is the one the statistics are kept under.</summary>
    private bool Holds(RetentionScope scope) =>
        models.Current.Model.Analytics is { } analytics && scope.Purposes.Contains(analytics.Purpose);
}
