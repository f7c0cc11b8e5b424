using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Backups;

/// <summary>
/// Tells a restore that Vern is serving from the database it would replace. A restore under a running
/// server would lose every write acknowledged after it started (SQLite goes on writing to the replaced
/// file) or change the data under the server's feet. Each server holds a shared lock for its life; a
/// restore needs the exclusive one. The locks belong to the operating system (a file lock for SQLite)
/// or to the server's session (an advisory lock on PostgreSQL), so a crashed server leaves none behind.
/// </summary>
internal static class RunningServerMark
{
    /// <summary>Any constant: PostgreSQL advisory locks are named by a number shared by every Vern process.</summary>
    private const long AdvisoryKey = 0x5665726E_52756E73; // "VernRuns"

    /// <summary>Held by a serving process until it stops; shared, so several instances may serve at once.</summary>
    public static async Task<IAsyncDisposable> HoldAsync(DatabaseSettings settings, CancellationToken ct) =>
        await TakeAsync(settings, exclusive: false, ct) ?? throw new StartupException(
            "A restore or a master-key rotation of this database is running; start Vern again once it has finished.");

    /// <summary>Held by a restore or a key rotation while it runs; null when a server is running.</summary>
    public static Task<IAsyncDisposable?> ExcludeAsync(DatabaseSettings settings, CancellationToken ct) =>
        TakeAsync(settings, exclusive: true, ct);

    private static async Task<IAsyncDisposable?> TakeAsync(DatabaseSettings settings, bool exclusive, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
            return TakeFileLock(settings.ConnectionString, exclusive);

        // Unpooled: a pooled connection would go back to the pool on dispose with its session, and the lock, alive.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            try
            {
                await connection.OpenAsync(ct);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                // The same sentence as when migrating finds the server unreachable: the operator's fix is the same.
                throw DatabaseFeature.Unreachable(settings, e);
            }
            await using var command = new NpgsqlCommand(exclusive ? "SELECT pg_try_advisory_lock(@key)" : "SELECT pg_try_advisory_lock_shared(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryKey);
            if (await command.ExecuteScalarAsync(ct) is true)
                return connection; // the lock lasts as long as the session
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// A file beside the database, locked the way .NET locks on every platform: on Unix an advisory
    /// flock, shared unless the file is opened for no sharing at all.
    /// </summary>
    private static FileStream? TakeFileLock(string connectionString, bool exclusive)
    {
        var database = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        SecretFile.CreateDirectory(Path.GetDirectoryName(database)!);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = exclusive ? FileShare.None : FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = SecretFile.OwnerOnly;
        try
        {
            return new FileStream(database + ".running", options);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
