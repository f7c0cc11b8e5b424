using Vern.Infrastructure.Jobs;

namespace Vern.Features.Blocks;

/// <summary>
/// Reminds the reviewers of contests whose deadline is a day away, every <c>Blocks:RunEvery</c> (15 minutes by default).
/// Every server runs it; each reminder is claimed, so it is sent once.
/// </summary>
internal sealed partial class BlockReminderJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<BlockReminderJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval { get; } = configuration.GetValue("Blocks:RunEvery", TimeSpan.FromMinutes(15));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<FraudBlocks>().RemindAsync(ct) is > 0 and var reminded)
            LogReminded(Logger, reminded);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} contests of blocks are due for review within a day: the reviewers were reminded")]
    private static partial void LogReminded(ILogger logger, int count);
}
