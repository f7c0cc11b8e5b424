using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Jobs;

namespace Vern.Features.Consent;

/// <summary>
/// Applies <see cref="ConsentRetention"/> once a day. Several instances may share one PostgreSQL:
/// the routine runs under the ledger lock and finds nothing left to delete when another ran first.
/// </summary>
internal sealed partial class ConsentRetentionService(IServiceScopeFactory scopes, ModelStore models, TimeProvider time, ILogger<ConsentRetentionService> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(5);

    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await ConsentRetention.ApplyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), models.Current.Model, Time, ct);
        if (result.Deleted > 0)
            LogDeleted(Logger, result.Deleted, result.AnchoredAt!.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent retention deleted {Count} records; the ledger now starts after record {Sequence}")]
    private static partial void LogDeleted(ILogger logger, int count, long sequence);
}
