using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// Writes queued events in batches, a moment after the first of them arrives: an accepted event is in the database
/// within a second, and a <c>kill -9</c> loses at most the events of that last moment. A graceful stop writes what
/// is queued first. Each event counted under a visitor's consent is written only if the processing gate, asked as
/// the batch is written, allows its browser (or the person a form linked it to) the statistics purpose: an objection
/// or a withdrawal that arrives before the write stops it. Withdrawn visitors' events are deleted after each batch's
/// inserts, so none written before the withdrawal survives it.
/// </summary>
internal sealed partial class AnalyticsWriter(AnalyticsQueue queue, ModelStore models, IServiceScopeFactory scopes, ILogger<AnalyticsWriter> logger) : BackgroundService
{
    /// <summary>How long the first event of a batch waits for others to join it.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    public const int MaxBatch = 2_000;

    private List<QueuedEvent> unwritten = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await queue.WaitAsync(stoppingToken);
                await Task.Delay(Gather, stoppingToken);
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was accepted is written below.
        }
        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        while (true)
        {
            var (events, forgotten) = queue.Take(MaxBatch - unwritten.Count);
            unwritten.AddRange(events);
            if (unwritten.Count == 0 && forgotten.Count == 0)
                return;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var allowed = await AllowedAsync(scope.ServiceProvider.GetRequiredService<ProcessingGate>(), ct);
                await using (var transaction = await db.Database.BeginTransactionAsync(ct))
                {
                    // Without change tracking: EF's inserts wrote fewer events a second than the endpoint accepts (bench/README.md, analytics).
                    await using var insert = new BulkInsert(db, typeof(AnalyticsEvent));
                    await insert.InsertAsync(transaction.GetDbTransaction(), allowed);
                    await transaction.CommitAsync(ct);
                }
                unwritten = [];
                if (forgotten.Count > 0)
                    await db.AnalyticsEvents.Where(e => forgotten.Contains(e.Visitor)).ExecuteDeleteAsync(ct);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                // The database is away: the batch stays in memory and is tried again with the next one.
                foreach (var visitor in forgotten)
                    queue.Forget(visitor);
                LogNotWritten(logger, unwritten.Count, e.GetType().Name);
                return;
            }
        }
    }

    /// <summary>The unwritten events the gate allows: those of cookieless sites, and those whose browser it allows now.</summary>
    private async Task<List<AnalyticsEvent>> AllowedAsync(ProcessingGate gate, CancellationToken ct)
    {
        var browsers = unwritten.Select(q => q.Browser).OfType<string>().ToList();
        var decisions = browsers.Count > 0 && models.Current.Model.Analytics is { } analytics
            ? await gate.CheckBrowsersAsync(browsers, analytics.Purpose, ct)
            : [];
        return unwritten.Where(q => q.Browser is null || (decisions.TryGetValue(q.Browser, out var decision) && decision.Allowed)).Select(q => q.Event).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} analytics events could not be written and will be tried again with the next batch: {Error}")]
    private static partial void LogNotWritten(ILogger logger, int count, string error);
}
