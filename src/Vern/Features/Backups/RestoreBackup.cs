using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Backups;

/// <summary>What a restore did.</summary>
/// <param name="LedgerRead">Whether the erasure ledger of the replaced database could be read.</param>
internal sealed record RestoreOutcome(bool LedgerRead, ReplayOutcome Replay);

/// <summary>
/// Replaces the main database with a backup, brings its schema up to date and replays every
/// erasure made since the backup, so that a person erased after it never comes back.
/// </summary>
internal static class RestoreBackup
{
    /// <summary>How long the PostgreSQL restore waits for a lock on one of Vern's tables.</summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public static async Task<RestoreOutcome> HandleAsync(IServiceProvider services, CheckedBackup backup, CancellationToken ct)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        var keys = services.GetRequiredService<KeyStore>();
        await RefuseEmptyKeyStoreAsync(keys, ct);
        await using var exclusive = await RunningServerMark.ExcludeAsync(settings, ct) ?? throw new StartupException(
            "Vern is running against this database; stop every instance first (a restore under a running server loses what it writes), and nothing was changed.");

        var before = await ReadCurrentLedgerAsync(services, settings, ct);
        if (settings.Provider == DatabaseProvider.Sqlite)
            ReplaceSqlite(settings.ConnectionString, backup.Path);
        else
            await ReplacePostgresAsync(settings.ConnectionString, backup.Path, ct);

        await Startup.PrepareAsync(services, migrate: true, ct);
        await using var scope = services.CreateAsyncScope();
        // An e-mail still waiting in the backup was sent by the database that is being replaced.
        await scope.ServiceProvider.GetRequiredService<AppDb>().OutboxMessages.ExecuteDeleteAsync(ct);
        var replay = await ErasureReplay.HandleAsync(
            scope.ServiceProvider.GetRequiredService<AppDb>(),
            scope.ServiceProvider.GetRequiredService<SubjectVault>(),
            keys,
            services.GetRequiredService<TimeProvider>(),
            before,
            Path.GetFileName(backup.Path),
            ct);
        return new RestoreOutcome(before is not null, replay);
    }

    /// <summary>
    /// A key store with no key at all is a new one, most likely the wrong one: every restored
    /// person would lack a key, and the replay would shred them all for good.
    /// </summary>
    private static async Task RefuseEmptyKeyStoreAsync(KeyStore keys, CancellationToken ct)
    {
        int count;
        try
        {
            count = await keys.CountAsync(ct);
        }
        catch (DbException e)
        {
            throw new StartupException($"The key store cannot be used: {e.Message.Split('\n')[0].Trim()}", e);
        }
        if (count == 0)
            throw new StartupException(
                "The key store holds no keys, so the restore would shred every person in the backup; point Vern:DataDirectory or ConnectionStrings:VernKeys at the key store that belongs with this data, and nothing was changed.");
    }

    /// <summary>
    /// The erasure ledger of the database about to be replaced, or null when there is none to read
    /// (a new machine, a database lost with the disk). It holds no personal data.
    /// </summary>
    private static async Task<List<ErasureLedgerEntry>?> ReadCurrentLedgerAsync(IServiceProvider services, DatabaseSettings settings, CancellationToken ct)
    {
        // Opening a SQLite file that is not there would create an empty one.
        if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(SqlitePath(settings.ConnectionString)))
            return null;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            return await db.ErasureLedger.AsNoTracking().ToListAsync(ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }

    private static void ReplaceSqlite(string connectionString, string backupPath)
    {
        var target = SqlitePath(connectionString);
        SecretFile.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".restoring";
        File.Copy(backupPath, temp, overwrite: true);
        // The copy takes the backup file's mode; the database is its owner's alone whatever that was.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, SecretFile.OwnerOnly);
        // Pooled connections keep the old file open; on Linux they would go on reading it after the rename.
        SqliteConnection.ClearAllPools();
        // The old file's journal and WAL go first: left behind, SQLite would apply them to the new file.
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
            File.Delete(target + suffix);
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>
    /// The database becomes exactly the backup, in one transaction: every table, view and sequence of
    /// Vern's schema is dropped and the archive's script run after it by <c>psql</c>, committed only once
    /// <c>pg_restore</c> has written the whole script. <c>pg_restore --clean</c> would drop only what the
    /// archive holds, leaving tables of later migrations behind for the next migration to trip on.
    /// </summary>
    private static async Task ReplacePostgresAsync(string connectionString, string backupPath, CancellationToken ct)
    {
        var drops = await DropsAsync(connectionString, ct);
        // Idle pooled connections hold no locks, but closing them lets the drops proceed at once.
        NpgsqlConnection.ClearAllPools();
        // The script opens with psql's \restrict under a key no archive can know, so a line such as
        // "\! command" hidden in an object's definition is refused instead of run by a shell.
        var restrictKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var (restore, apply) = await PostgresTools.PipeAsync(
            "pg_restore", ["--no-owner", "--no-acl", "--exit-on-error", $"--restrict-key={restrictKey}", "--file", "-", backupPath],
            "psql", ["--no-psqlrc", "--quiet", "--no-password", "--set", "ON_ERROR_STOP=1", "--file", "-"],
            // Another client holding a lock on a table (a report, a psql session) would otherwise make the
            // restore wait for ever; it fails instead, and the transaction leaves everything as it was.
            $"BEGIN;\nSET LOCAL lock_timeout = '{LockTimeout.TotalSeconds:0}s';\nSET LOCAL client_min_messages = warning;\n" + drops, "COMMIT;\n", connectionString, ct);
        // psql failing first (a lock timeout) stops pg_restore on a broken pipe: psql's error is the cause.
        if (apply.ExitCode != 0)
            throw new StartupException($"Restoring into PostgreSQL failed and the database was left as it was: {PostgresTools.FirstLine(apply.Error)}.");
        if (restore.ExitCode != 0)
            throw new StartupException($"pg_restore failed and the database was left as it was: {PostgresTools.FirstLine(restore.Error)}.");
    }

    private static async Task<string> DropsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE;', schemaname, viewname) FROM pg_views WHERE schemaname = current_schema()
            UNION ALL
            SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE;', schemaname, tablename) FROM pg_tables WHERE schemaname = current_schema()
            UNION ALL
            SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE;', sequence_schema, sequence_name) FROM information_schema.sequences WHERE sequence_schema = current_schema()
            """, connection);
        var drops = new System.Text.StringBuilder();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            drops.Append(reader.GetString(0)).Append('\n');
        return drops.ToString();
    }

    private static string SqlitePath(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
}
