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
    private const int RowsPerStatement = 4;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Session? session;

    /// <summary>Completes when the record is committed; throws when it could not be.</summary>
    public async Task AppendAsync(ConsentRecord record, CancellationToken ct)
    {
        var pending = Enqueue(record, linked: null);
        await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Appends the record and runs <paramref name="whileCommitting"/> as soon as the record is linked
    /// into the chain (its sequence and hash are known), while its batch is still being written and
    /// committed; completes, with that work's result, only when the record is committed. Should the
    /// batch fail and the record be linked again on its own, the work runs again on the final link.
    /// </summary>
    public async Task<T> AppendAsync<T>(ConsentRecord record, Func<ConsentRecord, T> whileCommitting, CancellationToken ct)
    {
        var linked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Enqueue(record, linked);
        await Task.WhenAny(linked.Task, pending.Done.Task).WaitAsync(ct);
        var hash = record.Hash;
        var result = linked.Task.IsCompletedSuccessfully ? whileCommitting(record) : default;
        await pending.Done.Task.WaitAsync(ct);
        return result is not null && record.Hash == hash ? result : whileCommitting(record);
    }

    private Pending Enqueue(ConsentRecord record, TaskCompletionSource? linked)
    {
        var pending = new Pending(record, linked, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The consent ledger is shutting down.");
        return pending;
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
        if (session is not null)
            await session.DisposeAsync();
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
        // One context, connection and set of prepared statements for the writer's life, not one per
        // batch: opening them cost a quarter of a batch. A failure discards them, so the next batch
        // starts on a fresh connection.
        session ??= await Session.OpenAsync(scopes);
        try
        {
            await session.SaveAsync([.. batch.Select(p => p.Record)], () =>
            {
                foreach (var pending in batch)
                    pending.Linked?.TrySetResult();
            });
        }
        catch
        {
            await session.DisposeAsync();
            session = null;
            throw;
        }
    }

    /// <summary>The writer's own context and connection, with its statements kept prepared between batches.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly AsyncServiceScope scope;
        private readonly AppDb db;
        private readonly IReadOnlyList<IProperty> properties;
        private readonly ISqlGenerationHelper sql;
        private readonly string into;
        private readonly DbCommand head;
        private readonly DbCommand?[] inserts = new DbCommand?[RowsPerStatement + 1];
        private readonly string[] parameterNames;

        private Session(AsyncServiceScope scope, AppDb db)
        {
            this.scope = scope;
            this.db = db;
            var entity = db.Model.FindEntityType(typeof(ConsentRecord))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            properties = [.. entity.GetProperties()];
            sql = db.GetService<ISqlGenerationHelper>();
            parameterNames = [.. Enumerable.Range(0, RowsPerStatement * properties.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i}"))];
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            var name = sql.DelimitIdentifier(table.Name, table.Schema);
            into = $"INSERT INTO {name} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";
            // The head is read again in every transaction, under the lock, rather than remembered: other
            // instances on the same PostgreSQL, retention and tracked saves also move it.
            head = db.Database.GetDbConnection().CreateCommand();
            head.CommandText = $"SELECT {Column(nameof(ConsentRecord.Sequence))}, {Column(nameof(ConsentRecord.Hash))} FROM {name} ORDER BY {Column(nameof(ConsentRecord.Sequence))} DESC LIMIT 1";
        }

        public static async Task<Session> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                await db.Database.OpenConnectionAsync(CancellationToken.None);
                if (db.Database.IsSqlite())
                    await TuneSqliteAsync(db.Database.GetDbConnection());
                return new Session(scope, db);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        private static async Task TuneSqliteAsync(DbConnection connection)
        {
            // A multi-row INSERT keeps a statement journal (so a failing row undoes only its statement); past
            // 64 KB SQLite spills it to a temporary file, which it then created, wrote and deleted in almost
            // every batch. Kept in memory instead. Durability is untouched: the statement journal is thrown
            // away at the end of each statement either way; the WAL and synchronous stay as configured.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(CancellationToken.None);
        }

        /// <summary><paramref name="onLinked"/> is called once the records are chained, before they are written.</summary>
        public async Task SaveAsync(IReadOnlyList<ConsentRecord> records, Action onLinked)
        {
            // The same transaction and lock as AppDb.SaveChangesAsync takes for tracked records, but the rows
            // go in as multi-row INSERTs: EF's change tracking and one statement per row cost more than the
            // rest of the decision.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await using (await db.LockConsentLedgerAsync(CancellationToken.None))
            {
                var dbTransaction = transaction.GetDbTransaction();
                head.Transaction = dbTransaction;
                bool linked;
                await using (var reader = await head.ExecuteReaderAsync(CancellationToken.None))
                {
                    linked = await reader.ReadAsync(CancellationToken.None);
                    if (linked)
                        ConsentChain.Link(records, reader.GetInt64(0), reader.GetString(1));
                }
                // An empty ledger continues from retention's anchor, which the shared code finds.
                if (!linked)
                    await ConsentChain.LinkAsync(db, records, CancellationToken.None);
                // The requests sign their receipts while the rows are written and the commit waits for the disk.
                onLinked();
                await InsertAsync(dbTransaction, records);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }

        private async Task InsertAsync(DbTransaction transaction, IReadOnlyList<ConsentRecord> records)
        {
            // A few rows per statement, not the whole batch: SQLite finds each bound parameter by a linear
            // search of the statement's names (strncmp over the list), so the cost per row grows with the
            // statement's size. At 16 rows (240 names) that search was 3 % of the server's CPU under load;
            // at 4 it is a quarter of that, for a few more statement executions per batch.
            // Each statement size keeps its command, which SQLite prepares once for the writer's life.
            foreach (var chunk in records.Chunk(RowsPerStatement))
            {
                var command = inserts[chunk.Length] ??= Command(chunk.Length);
                command.Transaction = transaction;
                command.Parameters.Clear();
                for (var i = 0; i < chunk.Length * properties.Count; i++)
                {
                    var property = properties[i % properties.Count];
                    // The store type mapping converts values exactly as EF would (SQLite keeps Guids and instants as text).
                    command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                        command, sql.GenerateParameterName(parameterNames[i]),
                        property.GetGetter().GetClrValue(chunk[i / properties.Count]), property.IsNullable));
                }
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        private DbCommand Command(int rows)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            var text = new StringBuilder(into);
            for (var i = 0; i < rows * properties.Count; i++)
                text.Append(i == 0 ? "(" : i % properties.Count == 0 ? "), (" : ", ")
                    .Append(sql.GenerateParameterNamePlaceholder(parameterNames[i]));
            command.CommandText = text.Append(')').ToString();
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in inserts)
                if (command is not null)
                    await command.DisposeAsync();
            await head.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await scope.DisposeAsync();
        }
    }

    private sealed record Pending(ConsentRecord Record, TaskCompletionSource? Linked, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} consent records failed; saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
