using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>
/// Group commit for the ledger. Requests hand their record to one writer, which appends everything
/// waiting in a single transaction under the ledger lock and then releases every request at once.
/// Each commit appends the records to the ledger's hash chain and, as leaves, to its Merkle tree, and signs
/// one tree head for all of them; each request gets its record's compact receipt (the inclusion proof to
/// that head) only after the commit. A burst of decisions costs one commit (one fsync) and one signature.
/// </summary>
internal sealed partial class ConsentLedgerWriter(IServiceScopeFactory scopes, ReceiptKey key, TimeProvider time, ILogger<ConsentLedgerWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Session? session;

    /// <summary>Completes with the record's compact receipt when it is committed; throws when it could not be.</summary>
    public Task<string> AppendAsync(ConsentRecord record, CancellationToken ct) => AppendAsync(record, alongside: null, ct);

    /// <summary>
    /// The same, with changes that must be committed with the record or not at all (an unsubscription's status and
    /// suppression beside its withdrawal): <paramref name="alongside"/> makes them on the writer's context, inside its
    /// transaction, and the writer saves them with the batch. It may add audit entries; it must not add consent records.
    /// A request that used to wait for the ledger's commit and then for one of its own waits for one commit.
    /// </summary>
    public async Task<string> AppendAsync(ConsentRecord record, Alongside? alongside, CancellationToken ct)
    {
        var pending = new Pending(record, alongside, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The consent ledger is shutting down.");
        return await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Gives every record already in the ledger but not yet in the log its leaf, and signs a head for them,
    /// without the writer running: for records written around it in bulk (a benchmark's seeding), so the
    /// work is not left to the writer's start-up.
    /// </summary>
    public static async Task CatchUpAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var session = await Session.OpenAsync(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<ReceiptKey>(), services.GetRequiredService<TimeProvider>());
        ct.ThrowIfCancellationRequested();
        await session.SaveAsync([]);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Finish what was accepted before stopping: those visitors are waiting for their receipts.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A ledger older than the log gets its leaves now, at start-up, rather than in a visitor's request;
        // after the host has started, which a long catch-up must not hold up.
        await Task.Yield();
        try
        {
            await SaveAsync([]);
        }
        catch (Exception e)
        {
            LogCatchUpFailed(logger, e);
        }
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            try
            {
                var receipts = await SaveAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(receipts[i]);
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
            pending.Done.TrySetResult((await SaveAsync([pending]))[0]);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task<IReadOnlyList<string>> SaveAsync(IReadOnlyList<Pending> batch)
    {
        // One context, connection and set of prepared statements for the writer's life, not one per
        // batch: opening them cost a quarter of a batch. A failure discards them, so the next batch
        // starts on a fresh connection.
        session ??= await Session.OpenAsync(scopes, key, time);
        try
        {
            return await session.SaveAsync(batch);
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
        private readonly ReceiptKey key;
        private readonly TimeProvider time;
        private readonly DbCommand head;
        private readonly BulkInsert records;
        private readonly BulkInsert nodes;
        private readonly BulkInsert heads;
        // The tree and its head as this session's last commit left them.
        private (ConsentLogAppend Tree, ConsentTreeHead? Head)? committed;

        private Session(AsyncServiceScope scope, AppDb db, ReceiptKey key, TimeProvider time)
        {
            this.scope = scope;
            this.db = db;
            this.key = key;
            this.time = time;
            records = new BulkInsert(db, typeof(ConsentRecord));
            nodes = new BulkInsert(db, typeof(ConsentLogNode));
            heads = new BulkInsert(db, typeof(ConsentTreeHead));
            var sql = db.GetService<ISqlGenerationHelper>();
            (string Table, Func<string, string> Column) Names(Type type)
            {
                var entity = db.Model.FindEntityType(type)!;
                var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                return (sql.DelimitIdentifier(table.Name, table.Schema), property => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!));
            }
            var (ledger, column) = Names(typeof(ConsentRecord));
            var (treeHeads, headColumn) = Names(typeof(ConsentTreeHead));
            // The chain's head and the log's size are read again in every transaction, under the lock, rather than
            // remembered: other instances on the same PostgreSQL, retention and tracked saves also move them.
            head = db.Database.GetDbConnection().CreateCommand();
            head.CommandText = $"SELECT {column(nameof(ConsentRecord.Sequence))}, {column(nameof(ConsentRecord.Hash))}, (SELECT MAX({headColumn(nameof(ConsentTreeHead.Size))}) FROM {treeHeads}) FROM {ledger} ORDER BY {column(nameof(ConsentRecord.Sequence))} DESC LIMIT 1";
        }

        public static async Task<Session> OpenAsync(IServiceScopeFactory scopes, ReceiptKey key, TimeProvider time)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                await db.Database.OpenConnectionAsync(CancellationToken.None);
                if (db.Database.IsSqlite())
                    await TuneSqliteAsync(db.Database.GetDbConnection());
                return new Session(scope, db, key, time);
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

        /// <summary>
        /// Appends the records of <paramref name="pending"/> to the chain and the tree, makes the changes that go alongside
        /// them and commits; returns each record's compact receipt.
        /// </summary>
        public async Task<IReadOnlyList<string>> SaveAsync(IReadOnlyList<Pending> pending)
        {
            var batch = pending.Select(p => p.Record).ToList();
            // The same transaction and lock as AppDb.SaveChangesAsync takes for tracked records, but the rows
            // go in as multi-row INSERTs: EF's change tracking and one statement per row cost more than the
            // rest of the decision.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await using (await db.LockConsentLedgerAsync(CancellationToken.None))
            {
                var dbTransaction = transaction.GetDbTransaction();
                head.Transaction = dbTransaction;
                (long Sequence, string Hash)? last = null;
                long? logSize = null;
                await using (var reader = await head.ExecuteReaderAsync(CancellationToken.None))
                {
                    if (await reader.ReadAsync(CancellationToken.None))
                        (last, logSize) = ((reader.GetInt64(0), reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt64(2));
                }
                // An empty ledger continues from retention's anchor, which the shared code finds.
                last ??= await ConsentChain.HeadAsync(db, CancellationToken.None) is { } anchored ? (anchored.Size, anchored.Head) : (0, HashChain.Genesis);
                ConsentChain.Link(batch, last.Value.Sequence, last.Value.Hash);

                // The tree is read under the lock too, unless the ledger and the log still end where this session's last
                // commit left them: reading its frontier costs two queries, a fifth of a decision under load.
                var (tree, previous) = committed is { } kept && kept.Tree.NextSequence == last.Value.Sequence + 1 && kept.Head?.Size == logSize
                    ? kept
                    : await ConsentLog.OpenAsync(db, last.Value.Sequence + 1, added => nodes.InsertAsync(dbTransaction, added), CancellationToken.None);
                committed = null;
                var leaves = batch.Select(tree.Add).ToList();
                if (tree.Size == (previous?.Size ?? 0))
                {
                    committed = (tree, previous);
                    return [];
                }
                var signed = ConsentLog.Sign(tree, key, time);
                var receipts = batch.Select((record, i) =>
                {
                    var index = tree.Size - batch.Count + i;
                    return ConsentLog.CompactReceipt(index, signed, leaves[i], tree.Proof(index));
                }).ToList();
                await records.InsertAsync(dbTransaction, batch);
                await nodes.InsertAsync(dbTransaction, tree.TakeAdded());
                await heads.InsertAsync(dbTransaction, [signed]);
                await SaveAlongsideAsync(pending);
                await transaction.CommitAsync(CancellationToken.None);
                committed = (tree, signed);
                return receipts;
            }
        }

        private async Task SaveAlongsideAsync(IReadOnlyList<Pending> pending)
        {
            try
            {
                foreach (var alongside in pending.Select(p => p.Alongside).OfType<Alongside>())
                    await alongside(db, CancellationToken.None);
                if (db.ChangeTracker.HasChanges())
                    await db.SaveChangesAsync(CancellationToken.None);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await records.DisposeAsync();
            await nodes.DisposeAsync();
            await heads.DisposeAsync();
            await head.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await scope.DisposeAsync();
        }
    }

    /// <summary>Changes made on the writer's context, in its transaction, to be committed with a record.</summary>
    public delegate Task Alongside(AppDb db, CancellationToken ct);

    private sealed record Pending(ConsentRecord Record, Alongside? Alongside, TaskCompletionSource<string> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} consent records failed; saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not bring the consent log up to date with the ledger at start-up; the next commit tries again")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
