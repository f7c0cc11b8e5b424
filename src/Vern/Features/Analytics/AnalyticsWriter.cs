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

    /// <summary>
    /// The most events a batch holds. Under load 4,000 did better than 2,000 (fewer commits, and requests waiting for
    /// room less often) and 1,000 worse (bench/README.md, analytics).
    /// </summary>
    public const int MaxBatch = 4_000;

    /// <summary>How long events the database could not take wait before they are tried again, if no others come first.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private List<QueuedEvent> unwritten = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                if (unwritten.Count == 0)
                {
                    await queue.WaitAsync(stoppingToken);
                    await Task.Delay(Gather, stoppingToken);
                }
                else
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was accepted is written below.
        }
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>
    /// Writes what is queued, batch after batch. The gate is asked about the next batch while the one before it is
    /// inserted and committed, on a connection of its own: one after the other, asking it took 40 % of the writer's time
    /// under load and writing the rest (bench/README.md, analytics).
    /// </summary>
    private async Task FlushAsync(CancellationToken ct)
    {
        var batch = Take(unwritten);
        unwritten = [];
        var allowed = batch is null ? null : AllowedAsync(batch.Events, ct);
        while (batch is not null)
        {
            var next = Take([]);
            // Started on another thread: SQLite's reads finish before they return, so awaited later they would not overlap.
            var nextAllowed = next is null ? null : Task.Run(() => AllowedAsync(next.Events, ct), ct);
            try
            {
                await WriteAsync(await allowed!, batch.Forgotten, ct);
            }
            catch (Exception e) when (IsDatabaseAway(e))
            {
                // The database is away: the events stay in memory and are tried again (RetryAfter), with the next batch's.
                if (nextAllowed is not null)
                    await ((Task)nextAllowed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                unwritten = [.. batch.Events, .. next?.Events ?? []];
                foreach (var visitor in batch.Forgotten.Concat(next?.Forgotten ?? []))
                    queue.Forget(visitor);
                LogNotWritten(logger, unwritten.Count, e.GetType().Name);
                return;
            }
            (batch, allowed) = (next, nextAllowed);
        }
    }

    /// <summary>Events not yet written and the next queued, up to a batch, and the visitors forgotten among them; null when there are none.</summary>
    private Batch? Take(List<QueuedEvent> carried)
    {
        var (events, forgotten) = queue.Take(MaxBatch - carried.Count);
        return carried.Count + events.Count + forgotten.Count == 0 ? null : new Batch([.. carried, .. events], forgotten);
    }

    private async Task WriteAsync(List<AnalyticsEvent> allowed, List<string> forgotten, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Without change tracking: EF's inserts wrote fewer events a second than the endpoint accepts (bench/README.md, analytics).
            await using var insert = new BulkInsert(db, typeof(AnalyticsEvent));
            await insert.InsertAsync(transaction.GetDbTransaction(), allowed);
            await using var list = new BulkInsert(db, typeof(AnalyticsVisitorDay), skipExisting: true);
            await list.InsertAsync(transaction.GetDbTransaction(), [.. allowed.Where(e => !e.Cookieless).Select(AnalyticsVisitorDay.Of).DistinctBy(d => (d.Visitor, d.Day))]);
            await transaction.CommitAsync(ct);
        }
        if (forgotten.Count > 0)
            await VisitorEvents.DeleteAsync(db, forgotten, ct);
    }

    /// <summary>The events the gate allows now: those of cookieless sites, and those whose browser it allows.</summary>
    private async Task<List<AnalyticsEvent>> AllowedAsync(List<QueuedEvent> events, CancellationToken ct)
    {
        var browsers = events.Select(q => q.Browser).OfType<string>().ToList();
        if (browsers.Count == 0 || models.Current.Model.Analytics is not { } analytics)
            return [.. events.Where(q => q.Browser is null).Select(q => q.Event)];
        await using var scope = scopes.CreateAsyncScope();
        var decisions = await scope.ServiceProvider.GetRequiredService<ProcessingGate>().CheckBrowsersAsync(browsers, analytics.Purpose, ct);
        return [.. events.Where(q => q.Browser is null || (decisions.TryGetValue(q.Browser, out var decision) && decision.Allowed)).Select(q => q.Event)];
    }

    private static bool IsDatabaseAway(Exception e) => e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException;

    private sealed record Batch(List<QueuedEvent> Events, List<string> Forgotten);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} analytics events could not be written and will be tried again in a second or with the next batch: {Error}")]
    private static partial void LogNotWritten(ILogger logger, int count, string error);
}
