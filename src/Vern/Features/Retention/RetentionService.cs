using Vern.Infrastructure.Jobs;

namespace Vern.Features.Retention;

/// <summary>
/// Looks every hour (<c>Vern:Retention:CheckEvery</c>) whether today's retention run is done and runs it if
/// not, so each day has exactly one run however many servers share the database and whenever they start.
/// </summary>
internal sealed partial class RetentionService(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<RetentionService> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval { get; } = configuration.GetValue("Vern:Retention:CheckEvery", TimeSpan.FromHours(1));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(ct) is { } outcome)
            LogRun(Logger, outcome.Total, outcome.Disposed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run disposed of {Count} records under {Rules} rule and source pairs")]
    private static partial void LogRun(ILogger logger, int count, int rules);
}
