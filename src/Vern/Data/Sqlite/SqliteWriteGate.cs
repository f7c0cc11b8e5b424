using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vern.Data.Sqlite;

/// <summary>
/// Makes the SQLite database's writers queue in the process instead of at the file. SQLite has one writer; a transaction
/// that finds the file locked is retried by Microsoft.Data.Sqlite with a blocking sleep of 150 ms on a thread-pool thread,
/// again and again. A burst of requests then blocks the thread pool while the one transaction holding the lock waits for a
/// thread to finish on: every write fails with "database is locked" after its 30 s timeout. Here each transaction first
/// waits, without a thread, for the file's one gate, and gets it the moment the writer before it is done. The gate is
/// released when the transaction commits, rolls back or is disposed (<see cref="GatedTransactionFactory"/>).
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor
{
    // As long as Microsoft.Data.Sqlite's own wait for a locked file, so a writer that never finishes still fails the others.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();
    private static readonly ConditionalWeakTable<DbTransaction, Held> Holding = [];

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var gate = GateOf(connection);
        if (!await gate.WaitAsync(Timeout, cancellationToken))
            throw new TimeoutException("The SQLite database stayed busy with another write for 30 seconds.");
        return Begin(connection, eventData.IsolationLevel, gate);
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = GateOf(connection);
        if (!gate.Wait(Timeout))
            throw new TimeoutException("The SQLite database stayed busy with another write for 30 seconds.");
        return Begin(connection, eventData.IsolationLevel, gate);
    }

    // The moment the database has committed, before the interceptors after this one (a shredded person's data key is destroyed
    // in the key store then, a file of its own): the next writer need not wait for them.
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    /// <summary>Releases the gate <paramref name="transaction"/> holds; once, however often it is called.</summary>
    public static void Release(DbTransaction transaction)
    {
        if (Holding.TryGetValue(transaction, out var held) && Holding.Remove(transaction))
            held.Gate.Release();
    }

    private static InterceptionResult<DbTransaction> Begin(DbConnection connection, IsolationLevel isolationLevel, SemaphoreSlim gate)
    {
        try
        {
            var transaction = connection.BeginTransaction(isolationLevel);
            Holding.Add(transaction, new Held(gate));
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private static SemaphoreSlim GateOf(DbConnection connection) =>
        Gates.GetOrAdd(Path.GetFullPath(((Microsoft.Data.Sqlite.SqliteConnection)connection).DataSource), _ => new SemaphoreSlim(1, 1));

    private sealed record Held(SemaphoreSlim Gate);
}

/// <summary>Gives EF transactions that release <see cref="SqliteWriteGate"/> as they end, however they end.</summary>
internal sealed class GatedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
{
    public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<Microsoft.EntityFrameworkCore.DbLoggerCategory.Database.Transaction> logger, bool transactionOwned) =>
        new GatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper);

    private sealed class GatedTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<Microsoft.EntityFrameworkCore.DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sql)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sql)
    {
        private readonly DbTransaction inner = transaction;

        public override void Commit()
        {
            try { base.Commit(); }
            finally { SqliteWriteGate.Release(inner); }
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            try { await base.CommitAsync(cancellationToken); }
            finally { SqliteWriteGate.Release(inner); }
        }

        public override void Rollback()
        {
            try { base.Rollback(); }
            finally { SqliteWriteGate.Release(inner); }
        }

        public override async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            try { await base.RollbackAsync(cancellationToken); }
            finally { SqliteWriteGate.Release(inner); }
        }

        public override void Dispose()
        {
            try { base.Dispose(); }
            finally { SqliteWriteGate.Release(inner); }
        }

        public override async ValueTask DisposeAsync()
        {
            try { await base.DisposeAsync(); }
            finally { SqliteWriteGate.Release(inner); }
        }
    }
}
