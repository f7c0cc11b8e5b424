using Vern.Infrastructure.Privacy;

namespace Vern.Features.Logs;

/// <summary>
/// Deletes the daily log files under the rule the definition names for logs (<c>logs:</c>): a file goes on the
/// day the rule's period ends for its first line, so no line is kept longer than the rule says.
/// </summary>
internal sealed class LogRetention(LogDirectory directory) : IRetentionSource
{
    public string Name => "logs";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Collection];

    public string Keeps => "logs";

    public string? ConfiguredBy => directory.Path is null ? null : LogDirectory.Setting;

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) =>
        Task.FromResult(Math.Min(limit, directory.List().Count(l => LogDirectory.StartedBefore(l, scope.ClockStartedBefore))));

    public Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        var due = directory.List().Where(l => LogDirectory.StartedBefore(l, scope.ClockStartedBefore)).Take(batch.Size).ToList();
        foreach (var log in due)
            File.Delete(log.Path);
        return Task.FromResult(due.Count);
    }
}
