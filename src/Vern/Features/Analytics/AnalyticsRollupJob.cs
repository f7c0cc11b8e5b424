using Vern.Infrastructure.Jobs;

namespace Vern.Features.Analytics;

/// <summary>
/// Every <c>Analytics:RollupEvery</c> (an hour by default): rolls up the statistics of each day that ended, deletes the
/// cookieless salts of days before yesterday, and makes the coming months' partitions on PostgreSQL.
/// </summary>
internal sealed partial class AnalyticsRollupJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<AnalyticsRollupJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval { get; } = configuration.GetValue("Analytics:RollupEvery", TimeSpan.FromHours(1));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<AnalyticsRollups>().RunAsync(through: null, ct) is > 0 and var days)
            LogRolledUp(Logger, days);
        await scope.ServiceProvider.GetRequiredService<DailySalts>().DeleteExpiredAsync(scope.ServiceProvider.GetRequiredService<Data.AppDb>(), ct);
        await scope.ServiceProvider.GetRequiredService<AnalyticsPartitions>().EnsureAheadAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Website statistics of {Days} day(s) rolled up")]
    private static partial void LogRolledUp(ILogger logger, int days);
}
