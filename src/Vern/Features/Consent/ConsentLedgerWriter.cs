using System.Threading.Channels;
using Vern.Data;

namespace Vern.Features.Consent;

/// <summary>
/// Group commit for the ledger. Requests hand their record to one writer, which appends everything
/// waiting in a single transaction under the chain lock and then releases every request at once.
/// Each answer still comes only after its record is committed and chained, but a burst of
/// decisions costs one commit (one fsync) instead of one each, and no request waits on the lock.
/// </summary>
internal sealed partial class ConsentLedgerWriter(IServiceScopeFactory scopes, ILogger<ConsentLedgerWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the record is committed; throws when it could not be.</summary>
    public async Task AppendAsync(ConsentRecord record, CancellationToken ct)
    {
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The consent ledger is shutting down.");
        await pending.Done.Task.WaitAsync(ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Finish what was accepted before stopping: those visitors are waiting for their receipts.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            try
            {
                await SaveAsync(batch);
                foreach (var pending in batch)
                    pending.Done.TrySetResult();
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One bad record must not fail the others: save them one by one to find it.
                LogBatchFailed(logger, batch.Count, e);
                foreach (var pending in batch)
                    await SaveAloneAsync(pending);
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task SaveAloneAsync(Pending pending)
    {
        try
        {
            await SaveAsync([pending]);
            pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task SaveAsync(IReadOnlyCollection<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.ConsentRecords.AddRange(batch.Select(p => p.Record));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record Pending(ConsentRecord Record, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} consent records failed; saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
