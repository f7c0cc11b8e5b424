using Vern.Infrastructure.Jobs;

namespace Vern.Infrastructure.Email;

/// <summary>Sends, at start-up and then regularly, the e-mails a stopped process left in the outbox.</summary>
internal sealed partial class OutboxDelivery(IServiceScopeFactory scopes, WorkLease lease, TimeProvider time, ILogger<OutboxDelivery> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.Zero;

    protected override TimeSpan Interval => lease.CheckInterval;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var delivered = await scope.ServiceProvider.GetRequiredService<MailOutbox>().DeliverAbandonedAsync(ct);
        if (delivered > 0)
            LogDelivered(Logger, delivered);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} e-mail(s) left unsent by a stopped process were delivered")]
    private static partial void LogDelivered(ILogger logger, int count);
}
