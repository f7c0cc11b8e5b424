using Vern.Infrastructure.Jobs;

namespace Vern.Features.Customers.Closure;

/// <summary>
/// Carries out the end of licences every <c>Customers:Closure:RunEvery</c> (an hour by default): starts the closure of
/// each licence that has ended, and asks the product for the exports and deletions due, again after a failure. Every
/// server runs it; each attempt is claimed, so the product is asked once.
/// </summary>
internal sealed partial class LicenceClosureJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<LicenceClosureJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => Interval;

    protected override TimeSpan Interval { get; } = configuration.GetValue("Customers:Closure:RunEvery", TimeSpan.FromHours(1));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<LicenceClosures>().RunAsync(ct) is > 0 and var started)
            LogStarted(Logger, started);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} ended licences are now being closed: export offered, deletion scheduled")]
    private static partial void LogStarted(ILogger logger, int count);
}
