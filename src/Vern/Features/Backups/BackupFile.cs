using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Backups;

/// <summary>
/// What the sidecar <c>&lt;file&gt;.json</c> says about a backup. It lives beside the backup, not in
/// it: a table added to the copy would make it differ from the database it copies. <see cref="Mac"/>
/// authenticates every other field, the file's checksum included, under the key store's backup key,
/// which no backup holds: whoever can change a backup and its manifest cannot make them match.
/// </summary>
internal sealed record BackupManifest(
    string Format,
    string Provider,
    DateTimeOffset CreatedAt,
    string? Migration,
    long ErasureLedgerHighWaterMark,
    long Bytes,
    string Sha256,
    string Contains,
    string? Mac = null)
{
    public const string CurrentFormat = "vern-backup/2";

    public const string ContainsText =
        "The main database only. No data key and no master key: the key store and the master key are backed up separately.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(string backupFile) => backupFile + ".json";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>This manifest with its MAC (HMAC-SHA-256, hex) under <paramref name="key"/>.</summary>
    public BackupManifest Authenticate(byte[] key) => this with { Mac = Convert.ToHexStringLower(Compute(key)) };

    public bool IsAuthenticBy(byte[] key)
    {
        if (Mac is null || Mac.Length != 64)
            return false;
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Mac), Compute(key));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] Compute(byte[] key) => HMACSHA256.HashData(key, HashChain.Encode(
        Format, Provider, CreatedAt.ToString("O", CultureInfo.InvariantCulture), Migration ?? "",
        HashChain.Number(ErasureLedgerHighWaterMark), HashChain.Number(Bytes), Sha256, Contains));

    public static BackupManifest? Parse(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
            return manifest?.Format == CurrentFormat ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A backup file that was checked and may replace the database.</summary>
internal sealed record CheckedBackup(string Path, DatabaseProvider Provider, string? Migration, BackupManifest Manifest);

/// <summary>Recognises a Vern backup and refuses anything else before the database is touched.</summary>
internal static class BackupFile
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");
    private static readonly byte[] PgDumpHeader = Encoding.ASCII.GetBytes("PGDMP");

    /// <summary>The facts a SQLite copy holds about itself: its latest migration and erasure-ledger mark.</summary>
    internal sealed record SqliteFacts(string? Migration, long ErasureLedgerHighWaterMark);

    public static async Task<CheckedBackup> CheckAsync(string path, DatabaseProvider provider, IEnumerable<string> knownMigrations, KeyStore keys, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new StartupException($"There is no backup at {path}.");

        var kind = await DetectAsync(path, ct) ?? throw new StartupException(
            $"{path} is not a Vern backup: it is neither a SQLite database nor a pg_dump archive, and nothing was changed.");
        if (kind != provider)
            throw new StartupException($"{path} is a {kind} backup but the configured database is {provider}; restore it with Database:Provider={kind}.");

        // Only the manifest, authenticated, vouches that the file is the backup Vern wrote.
        var manifestPath = BackupManifest.PathFor(path);
        if (!File.Exists(manifestPath))
            throw new StartupException($"There is no manifest {manifestPath} beside the backup, and a backup is restored only with the manifest that authenticates it; nothing was changed.");
        var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(manifestPath, ct))
            ?? throw new StartupException($"{manifestPath} is not a Vern backup manifest ({BackupManifest.CurrentFormat}), and nothing was changed.");
        byte[]? key;
        try
        {
            key = await keys.GetBackupKeyAsync(ct);
        }
        catch (DbException e)
        {
            throw new StartupException($"The key store cannot be used: {e.Message.Split('\n')[0].Trim()}", e);
        }
        if (key is null || !manifest.IsAuthenticBy(key))
            throw new StartupException($"{manifestPath} is not authenticated by this key store: the manifest was changed, or the backup belongs with another key store; nothing was changed.");
        if (!string.Equals(await Sha256Async(path, ct), manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new StartupException($"{path} does not match the checksum in its manifest: the file is damaged or was replaced, and nothing was changed.");

        string? migration;
        if (kind == DatabaseProvider.Sqlite)
        {
            migration = (await ReadSqliteFactsAsync(path, ct)).Migration;
        }
        else
        {
            await PostgresTools.RequireRestrictKeyAsync(ct);
            // Reading the archive's table of contents proves it is whole enough for pg_restore.
            var list = await PostgresTools.RunAsync("pg_restore", ["--list", path], "", ct);
            if (list.ExitCode != 0)
                throw new StartupException($"{path} is not a usable pg_dump archive ({PostgresTools.FirstLine(list.Error)}), and nothing was changed.");
            migration = manifest.Migration;
        }

        if (migration is not null && !knownMigrations.Contains(migration, StringComparer.Ordinal))
            throw new StartupException($"{path} was made by a newer version of Vern (schema {migration}); restore it with that version or a later one.");
        return new CheckedBackup(path, kind, migration, manifest);
    }

    /// <summary>Opens a SQLite copy read-only and checks that it is whole and is Vern's database.</summary>
    public static async Task<SqliteFacts> ReadSqliteFactsAsync(string path, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            if (await check.ExecuteScalarAsync(ct) is not "ok")
                throw new StartupException($"{path} is a damaged SQLite database (its integrity check fails), and nothing was changed.");

            // Reading Vern's own tables proves this is Vern's database and not any SQLite file.
            await using var facts = connection.CreateCommand();
            facts.CommandText =
                "SELECT (SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1), " +
                "(SELECT COALESCE(MAX(Id), 0) FROM ErasureLedger), (SELECT COUNT(*) FROM Subjects)";
            await using var reader = await facts.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new SqliteFacts(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
        }
        catch (DbException e)
        {
            throw new StartupException($"{path} is not a Vern database ({e.Message.Split('\n')[0].Trim().TrimEnd('.')}), and nothing was changed.", e);
        }
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async Task<DatabaseProvider?> DetectAsync(string path, CancellationToken ct)
    {
        var header = new byte[SqliteHeader.Length];
        await using var stream = File.OpenRead(path);
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        if (read == header.Length && header.AsSpan().SequenceEqual(SqliteHeader))
            return DatabaseProvider.Sqlite;
        if (read >= PgDumpHeader.Length && header.AsSpan(0, PgDumpHeader.Length).SequenceEqual(PgDumpHeader))
            return DatabaseProvider.Postgres;
        return null;
    }
}
