using Vern.Data;
using Vern.Features.Model;

namespace Vern.Features.Consent;

/// <summary>
/// Applies <see cref="ConsentRetention"/> once a day. Several instances may share one PostgreSQL:
/// the routine runs under the ledger lock and finds nothing left to delete when another ran first.
/// </summary>
internal sealed partial class ConsentRetentionService(IServiceScopeFactory scopes, ModelStore models, TimeProvider time, ILogger<ConsentRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRun, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await ConsentRetention.ApplyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), models.Current.Model, time, ct);
            if (result.Deleted > 0)
                LogDeleted(logger, result.Deleted, result.AnchoredAt!.Value);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tomorrow's run tries again; a failed run must not stop the application.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent retention deleted {Count} records; the ledger now starts after record {Sequence}")]
    private static partial void LogDeleted(ILogger logger, int count, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consent retention failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
