using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Backups;

/// <summary>
/// Copies the main database, consistently and while Vern serves, to one file with an authenticated
/// manifest beside it. The key store and the master key are never part of it (ADR 0003, 0006).
/// </summary>
internal static class TakeBackup
{
    public static async Task<BackupManifest> HandleAsync(AppDb db, DatabaseSettings settings, KeyStore keys, TimeProvider time, string file, bool force, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(directory))
            throw new StartupException($"The directory {directory} does not exist; create it first.");
        if (File.Exists(file) && !force)
            throw new StartupException($"{file} already exists; choose another file or pass --force to overwrite it.");

        // Written beside the target and renamed into place: a backup interrupted half-way never
        // stands under the name of a good one.
        var temp = Path.Combine(directory, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The copy holds the same sealed personal data as the database: readable by its owner
            // only from the first byte (VACUUM INTO and pg_dump both write into an empty file).
            SecretFile.CreateOwnerOnly(temp);
            var createdAt = time.GetUtcNow();
            string? migration;
            long highWaterMark;
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await CopySqliteAsync(settings.ConnectionString, temp, file, ct);
                (migration, highWaterMark) = await BackupFile.ReadSqliteFactsAsync(temp, ct);
            }
            else
            {
                // Missing tools are reported before the database is asked anything.
                PostgresTools.Require("pg_dump");
                // Read before the dump starts, so the mark is a lower bound of what the dump holds.
                (migration, highWaterMark) = await ReadFactsAsync(db, settings, ct);
                var dump = await PostgresTools.RunAsync("pg_dump", ["--format=custom", "--no-password", "--file", temp], settings.ConnectionString, ct);
                if (dump.ExitCode != 0)
                    throw new StartupException($"pg_dump failed: {PostgresTools.FirstLine(dump.Error)}.");
            }

            var manifest = new BackupManifest(
                BackupManifest.CurrentFormat, settings.Provider.ToString(), createdAt, migration, highWaterMark,
                new FileInfo(temp).Length, await BackupFile.Sha256Async(temp, ct), BackupManifest.ContainsText)
                .Authenticate(await keys.GetOrCreateBackupKeyAsync(ct));
            File.Move(temp, file, overwrite: force);
            var manifestTemp = temp + ".json";
            await File.WriteAllTextAsync(manifestTemp, manifest.ToJson(), ct);
            File.Move(manifestTemp, BackupManifest.PathFor(file), overwrite: true);
            return manifest;
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + ".json");
        }
    }

    /// <summary>
    /// VACUUM INTO rather than the page-by-page backup API: it writes a consistent snapshot and,
    /// unlike a page copy, leaves out free pages, where fragments of shredded rows could remain.
    /// </summary>
    private static async Task CopySqliteAsync(string connectionString, string temp, string file, CancellationToken ct)
    {
        var source = new SqliteConnectionStringBuilder(connectionString);
        var databasePath = Path.GetFullPath(source.DataSource);
        if (!File.Exists(databasePath))
            throw new StartupException($"There is no database at {databasePath} to back up; check Vern:DataDirectory.");
        if (string.Equals(databasePath, file, StringComparison.Ordinal))
            throw new StartupException("The backup cannot be written over the database it copies.");

        // Read-only, so a mistaken setting cannot create an empty database to back up.
        source.Mode = SqliteOpenMode.ReadOnly;
        try
        {
            await using var connection = new SqliteConnection(source.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO @path";
            command.Parameters.AddWithValue("@path", temp);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new StartupException($"The SQLite database at {databasePath} cannot be copied: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }

    private static async Task<(string?, long)> ReadFactsAsync(AppDb db, DatabaseSettings settings, CancellationToken ct)
    {
        try
        {
            var migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault()
                ?? throw new StartupException($"The {settings.Provider} database has no schema yet; there is nothing to back up.");
            var mark = await db.ErasureLedger.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            return (migration, mark);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            throw new StartupException($"The {settings.Provider} database cannot be reached: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}
