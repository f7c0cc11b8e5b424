using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

/// <summary>
/// Runs <see cref="ExpireUnverifiedRequests"/> every hour: a request expires within an hour of its
/// time, which is precise enough for a period counted in days.
/// </summary>
internal sealed partial class UnverifiedRequestExpiry(IServiceScopeFactory scopes, RightsOptions options, TimeProvider time, ILogger<UnverifiedRequestExpiry> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

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
            var services = scope.ServiceProvider;
            var expired = await ExpireUnverifiedRequests.Handle(
                services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(), services.GetRequiredService<Mailer>(), time, options, ct);
            if (expired > 0)
                LogExpired(logger, expired);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next run tries again; a failed run (say, the mail server is down) must not stop the application.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unverified rights requests expired")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring unverified rights requests failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
