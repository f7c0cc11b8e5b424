using Vern.Infrastructure.Jobs;

namespace Vern.Features.Disclosures;

/// <summary>
/// Reminds the privacy officers of gags whose review date has come, every <c>Disclosures:RunEvery</c> (an hour by default).
/// Every server runs it; each review date is claimed, so it is reminded once.
/// </summary>
internal sealed partial class GagReviewReminderJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<GagReviewReminderJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval { get; } = configuration.GetValue("Disclosures:RunEvery", TimeSpan.FromHours(1));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<DisclosureRegister>().RemindAsync(ct) is > 0 and var reminded)
            LogReminded(Logger, reminded);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} gags on disclosures are due for review: the privacy officers were reminded")]
    private static partial void LogReminded(ILogger logger, int count);
}
