using Vern.Data;
using Vern.Infrastructure.Jobs;

namespace Vern.Features.Audit;

/// <summary>
/// Checkpoints the chains every <c>Vern:Checkpoints:Interval</c> (five minutes by default): what a database
/// administrator could rewrite unnoticed is at most what was written since the last checkpoint.
/// </summary>
internal sealed class CheckpointJob(IServiceScopeFactory scopes, ChainCheckpoints checkpoints, IConfiguration configuration, TimeProvider time, ILogger<CheckpointJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => Interval;

    protected override TimeSpan Interval { get; } = configuration.GetValue("Vern:Checkpoints:Interval", TimeSpan.FromMinutes(5));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await WriteCheckpoints.Handle(scope.ServiceProvider.GetRequiredService<AppDb>(), checkpoints, Time, ct);
    }

    /// <summary>The last checkpoint also goes down on an orderly stop, so a restart leaves no gap.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await RunOnceAsync(cancellationToken);
    }
}
