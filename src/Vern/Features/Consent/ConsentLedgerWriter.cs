using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
    private const int RowsPerStatement = 16;
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

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var records = batch.Select(p => p.Record).ToList();
        // The same transaction and lock as AppDb.SaveChangesAsync takes for tracked records, but the rows
        // go in as multi-row INSERTs: EF's change tracking and one statement per row cost more than the
        // rest of the decision.
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await using (await db.LockConsentLedgerAsync(CancellationToken.None))
        {
            await ConsentChain.LinkAsync(db, records, CancellationToken.None);
            await InsertAsync(db, transaction.GetDbTransaction(), records);
            await transaction.CommitAsync(CancellationToken.None);
        }
    }

    private static async Task InsertAsync(AppDb db, DbTransaction transaction, IReadOnlyList<ConsentRecord> records)
    {
        var entity = db.Model.FindEntityType(typeof(ConsentRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";

        DbCommand Command(int rows)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(into);
            for (var i = 0; i < rows * properties.Count; i++)
                text.Append(i == 0 ? "(" : i % properties.Count == 0 ? "), (" : ", ")
                    .Append(sql.GenerateParameterNamePlaceholder(string.Create(CultureInfo.InvariantCulture, $"p{i}")));
            command.CommandText = text.Append(')').ToString();
            return command;
        }

        async Task ExecuteAsync(DbCommand command, ConsentRecord[] rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < rows.Length * properties.Count; i++)
            {
                var property = properties[i % properties.Count];
                // The store type mapping converts values exactly as EF would (SQLite keeps Guids and instants as text).
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                    command, sql.GenerateParameterName(string.Create(CultureInfo.InvariantCulture, $"p{i}")),
                    property.GetGetter().GetClrValue(rows[i / properties.Count]), property.IsNullable));
            }
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        // A few rows per statement, not the whole batch: SQLite finds each bound parameter by a linear
        // search of the statement's names, so one statement with hundreds of them costs quadratically.
        // Full chunks share one command, which SQLite prepares once.
        DbCommand? full = null;
        try
        {
            foreach (var chunk in records.Chunk(RowsPerStatement))
            {
                if (chunk.Length == RowsPerStatement)
                    await ExecuteAsync(full ??= Command(RowsPerStatement), chunk);
                else
                {
                    await using var rest = Command(chunk.Length);
                    await ExecuteAsync(rest, chunk);
                }
            }
        }
        finally
        {
            if (full is not null)
                await full.DisposeAsync();
        }
    }

    private sealed record Pending(ConsentRecord Record, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} consent records failed; saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
