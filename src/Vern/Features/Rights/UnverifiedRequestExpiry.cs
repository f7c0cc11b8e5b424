using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Jobs;

namespace Vern.Features.Rights;

/// <summary>
/// Runs <see cref="ExpireUnverifiedRequests"/> every hour: a request expires within an hour of its
/// time, which is precise enough for a period counted in days.
/// </summary>
internal sealed partial class UnverifiedRequestExpiry(IServiceScopeFactory scopes, RightsOptions options, TimeProvider time, ILogger<UnverifiedRequestExpiry> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(2);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var expired = await ExpireUnverifiedRequests.Handle(
            services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(), services.GetRequiredService<MailOutbox>(), Time, options, ct);
        if (expired > 0)
            LogExpired(Logger, expired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unverified rights requests expired")]
    private static partial void LogExpired(ILogger logger, int count);
}
