using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Jobs;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>
/// Works through verified requests and due retries. Woken at once when a request is verified, and
/// otherwise every minute, so a retry scheduled by backoff runs close to its time. A request is
/// claimed with a conditional update, so two instances sharing one PostgreSQL never both take it,
/// for the <see cref="WorkLease"/>: a request whose process died while carrying it out is taken up
/// again when the lease runs out, and finished once.
/// </summary>
internal sealed partial class RightsFulfilmentService(
    IServiceScopeFactory scopes, TimeProvider time, PublicUrl site, WorkLease lease, KeyShredding shredding, ILogger<RightsFulfilmentService> logger) : BackgroundService
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a run as soon as possible, such as right after a request was verified.</summary>
    public void Wake() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await DestroyLeftoverKeysAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken);
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(lease.CheckInterval, time, tick.Token);
                await Task.WhenAny(delay, wake.Reader.WaitToReadAsync(tick.Token).AsTask());
                await tick.CancelAsync();
                wake.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Processes every request that is ready; returns how many were completed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var completed = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var fulfilment = scope.ServiceProvider.GetRequiredService<RightsFulfilment>();
            await ReleaseEndedHolds.HandleAsync(db, scope.ServiceProvider.GetRequiredService<SubjectVault>(), fulfilment,
                scope.ServiceProvider.GetServices<IPersonalDataSource>(), time, ct);
            var now = time.GetUtcNow().UtcDateTime;
            var ready = await db.RightsRequests.AsNoTracking()
                .Where(r => r.Status == RightsRequestStatus.Verified
                    || (r.Status == RightsRequestStatus.InProgress && r.ClaimedUntil != null && r.ClaimedUntil < now)
                    || (r.Status == RightsRequestStatus.InProgress && db.RequestSourceResults.Any(s => s.RequestId == r.Id && s.NextAttemptAt != null && s.NextAttemptAt <= now)))
                .OrderBy(r => r.DueDate)
                .Select(r => new { r.Id, r.Status, r.ClaimedUntil })
                .Take(50)
                .ToListAsync(ct);
            foreach (var candidate in ready)
            {
                if (!await ClaimAsync(db, candidate.Id, candidate.Status, candidate.ClaimedUntil, now, ct))
                    continue;
                var request = await db.RightsRequests.SingleAsync(r => r.Id == candidate.Id, ct);
                try
                {
                    if (await fulfilment.ProcessAsync(request, site.Base, ct))
                        completed++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The request stays in progress for staff to see; the others still run.
                    LogFailed(logger, candidate.Id, e);
                    db.ChangeTracker.Clear();
                }
                await db.RightsRequests.Where(r => r.Id == candidate.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRunFailed(logger, e);
        }
        return completed;
    }

    private async Task<bool> ClaimAsync(AppDb db, Guid id, RightsRequestStatus status, DateTime? claimedUntil, DateTime now, CancellationToken ct)
    {
        var until = lease.Until(time);
        if (status == RightsRequestStatus.Verified)
            return await db.RightsRequests.Where(r => r.Id == id && r.Status == RightsRequestStatus.Verified)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RightsRequestStatus.InProgress).SetProperty(r => r.ClaimedUntil, until), ct) == 1;
        // Abandoned by a process that stopped while carrying it out: taken over, by one instance only.
        if (claimedUntil is not null)
            return await db.RightsRequests.Where(r => r.Id == id && r.Status == RightsRequestStatus.InProgress && r.ClaimedUntil == claimedUntil)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedUntil, until), ct) == 1;
        // A due retry is claimed by clearing its time; the run schedules the next one if it fails again.
        if (await db.RequestSourceResults.Where(s => s.RequestId == id && s.NextAttemptAt != null && s.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextAttemptAt, (DateTime?)null), ct) == 0)
            return false;
        await db.RightsRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedUntil, until), ct);
        return true;
    }

    /// <summary>Keys of people whose erasure was committed just before a crash, destroyed before any new work.</summary>
    private async Task DestroyLeftoverKeysAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await shredding.DestroyLeftoverKeysAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRunFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rights request {RequestId} could not be fulfilled")]
    private static partial void LogFailed(ILogger logger, Guid requestId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The rights fulfilment run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
