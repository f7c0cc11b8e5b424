using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vern.Data.Sqlite;

internal sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options)
{
    // SQLite serves one process; an in-process lock per database file is enough to serialise the chain.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ChainLocks = new();

    internal override Task<IAsyncDisposable> LockAuditChainAsync(CancellationToken ct) => LockAsync("audit:", ct);

    internal override Task<IAsyncDisposable> LockConsentLedgerAsync(CancellationToken ct) => LockAsync("consent:", ct);

    // Else SQLite moves the log into the database inside the commit that grows it past 1,000 pages, whoever's commit that is,
    // while the one writer is held: a retention run deleting thousands of records made every fourth of its commits, and the
    // requests waiting behind them, 20 ms longer. A passive checkpoint takes no lock a writer needs.
    internal override Task CheckpointAsync(CancellationToken ct) => Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", ct);

    // A write holds the database's one writer, which every request's write waits for: at 10 ms, decisions' p99 during a
    // retention run at full scale was 2.5 times its p99 without; at 5 ms, 1.2 times (bench/README.md, retention).
    internal override TimeSpan BatchWriteBudget(bool locksConsentLedger) => TimeSpan.FromMilliseconds(5);

    private async Task<IAsyncDisposable> LockAsync(string chain, CancellationToken ct)
    {
        var gate = ChainLocks.GetOrAdd(chain + Database.GetConnectionString(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite("Data Source=design.db").Options);
}
