using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vern.Data.Postgres;

internal sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options)
{
    // Any number of Vern instances may share the server: a transaction-scoped advisory lock
    // serialises appends to the audit chain across all of them.
    private const long AuditChainLockKey = 0x5645524e_41554449; // "VERNAUDI"
    private const long ConsentLedgerLockKey = 0x5645524e_434f4e53; // "VERNCONS"

    internal override Task<IAsyncDisposable> LockAuditChainAsync(CancellationToken ct) => LockAsync(AuditChainLockKey, ct);

    internal override Task<IAsyncDisposable> LockConsentLedgerAsync(CancellationToken ct) => LockAsync(ConsentLedgerLockKey, ct);

    // Released by the transaction's end, so there is nothing to release here.
    private async Task<IAsyncDisposable> LockAsync(long key, CancellationToken ct)
    {
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
        return NoLock.Instance;
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql("Host=localhost;Database=vern_design").Options);
}
