using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vern.Data.Postgres;

internal sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options)
{
    // Any number of Vern instances may share the server: a transaction-scoped advisory lock
    // serialises appends to the audit chain across all of them.
    private const long AuditChainLockKey = 0x5645524e_41554449; // "VERNAUDI"

    internal override async Task<IAsyncDisposable> LockAuditChainAsync(CancellationToken ct)
    {
        await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", ct);
        return NoRelease.Instance;
    }

    private sealed class NoRelease : IAsyncDisposable
    {
        public static readonly NoRelease Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql("Host=localhost;Database=vern_design").Options);
}
