using Vern.Infrastructure.Jobs;

namespace Vern.Features.Breaches;

/// <summary>
/// Reminds the privacy officers of incidents awaiting notification to the authority or to customers, every <c>Breaches:RunEvery</c> (15 minutes by
/// default), so a reminder is at most that late. Every server runs it; each reminder is claimed, so it is sent once.
/// </summary>
internal sealed partial class IncidentReminderJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<IncidentReminderJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval { get; } = configuration.GetValue("Breaches:RunEvery", TimeSpan.FromMinutes(15));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<Incidents>().RemindAsync(ct) is > 0 and var reminded)
            LogReminded(Logger, reminded);
        if (await scope.ServiceProvider.GetRequiredService<CustomerBreachNotices>().RemindAsync(ct) is > 0 and var customers)
            LogCustomersReminded(Logger, customers);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} incidents await notification to the supervisory authority: the privacy officers were reminded")]
    private static partial void LogReminded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} incidents have customers not told within the agreements' hours yet: the privacy officers were reminded")]
    private static partial void LogCustomersReminded(ILogger logger, int count);
}
