using Vern.Infrastructure.Jobs;

namespace Vern.Features.Customers.Requests;

/// <summary>
/// Asks the product again, every <c>Customers:Requests:RetryEvery</c> (an hour by default), for the forwarded requests it
/// has not answered: an outage of the product delays an answer by an hour, well within a deadline counted in days. Every
/// server runs it; each attempt is claimed, so the product is asked once. It also reminds staff of the requests still open
/// two days before they fall due.
/// </summary>
internal sealed partial class ForwardedRequestRetry(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<ForwardedRequestRetry> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => Interval;

    protected override TimeSpan Interval { get; } = configuration.GetValue("Customers:Requests:RetryEvery", TimeSpan.FromHours(1));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<ForwardedRequests>().RetryOpenAsync(ct) is > 0 and var answered)
            LogAnswered(Logger, answered);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} forwarded requests answered by the product on a later attempt")]
    private static partial void LogAnswered(ILogger logger, int count);
}
