using Vern.Infrastructure.Jobs;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>
/// Looks for due campaigns every <c>Newsletter:CheckEvery</c> (15 seconds by default) and sends them. Every server
/// runs it; a campaign's lease lets one of them send it at a time, and another takes it over when that one stops.
/// </summary>
internal sealed class CampaignService(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<CampaignService> logger)
    : PeriodicJob(time, logger)
{
    /// <summary>This server's name in a campaign's lease; unique to the process, so a restarted one waits for its old lease too.</summary>
    private readonly string senderId = $"{Environment.MachineName[..Math.Min(Environment.MachineName.Length, 24)]}-{Guid.NewGuid():N}";

    protected override TimeSpan FirstRun => Interval;

    protected override TimeSpan Interval { get; } = configuration.GetValue("Newsletter:CheckEvery", TimeSpan.FromSeconds(15));

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        // Campaign after campaign while there are due ones, each in a scope of its own.
        while (!ct.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<CampaignSending>().SendDueAsync(senderId, ct))
                return;
        }
    }
}
