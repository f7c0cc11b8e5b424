using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vern.Bench;

/// <summary>
/// Fresh, empty storage for one run: a temporary data directory and, for PostgreSQL, two new
/// databases (the main one and the key store, which Vern refuses to share). Everything is
/// removed again on dispose, so runs never measure each other's leftovers.
/// </summary>
internal sealed class BenchDatabases : IAsyncDisposable
{
    public const string ServerVariable = "VERN_BENCH_POSTGRES";

    private readonly string? serverConnectionString;
    private readonly List<string> createdDatabases = [];

    private BenchDatabases(BenchProvider provider, string dataDirectory, string? serverConnectionString)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        this.serverConnectionString = serverConnectionString;
    }

    public BenchProvider Provider { get; }

    public string DataDirectory { get; }

    /// <summary>Configuration for <see cref="Vern.Program.BuildWebApp"/>, in the form the app reads from its command line.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    public static async Task<BenchDatabases> CreateAsync(BenchProvider provider, CancellationToken ct)
    {
        var server = provider == BenchProvider.Postgres ? ServerConnectionString() : null;
        var databases = new BenchDatabases(provider, Directory.CreateTempSubdirectory("vern-bench-").FullName, server);
        databases.Settings["Vern:DataDirectory"] = databases.DataDirectory;
        if (provider == BenchProvider.Postgres)
        {
            try
            {
                databases.Settings["Database:Provider"] = "Postgres";
                databases.Settings["ConnectionStrings:Vern"] = await databases.CreateDatabaseAsync("vern_bench", ct);
                databases.Settings["KeyStore:Provider"] = "Postgres";
                databases.Settings["ConnectionStrings:VernKeys"] = await databases.CreateDatabaseAsync("vernkeys_bench", ct);
            }
            catch (NpgsqlException e)
            {
                await databases.DisposeAsync();
                throw new BenchSetupException($"PostgreSQL at {ServerVariable} cannot be used: {e.Message}", e);
            }
        }
        return databases;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would keep the SQLite files open and block DROP DATABASE.
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        foreach (var name in createdDatabases)
        {
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; it holds synthetic data only.
        }
    }

    /// <summary>
    /// PostgreSQL: fresh statistics after a bulk load, as autovacuum would have gathered by the time the
    /// tables served requests; without them the planner guesses from an empty table. Then a checkpoint, so
    /// the gigabytes the load and the vacuum dirtied are written before anything is measured, not during
    /// the first window (which then read 0.6 s for a decision's p99). SQLite: nothing, as Vern never runs
    /// ANALYZE there.
    /// </summary>
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        if (Provider != BenchProvider.Postgres)
            return;
        foreach (var name in new[] { "ConnectionStrings:Vern", "ConnectionStrings:VernKeys" })
        {
            await using var connection = new NpgsqlConnection(Settings[name]);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 };
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
    }

    private static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new BenchSetupException($"{ServerVariable} is not set: give a connection string to a PostgreSQL server where the user may create databases, e.g. \"Host=127.0.0.1;Port=55499;Username=postgres\".");
        try
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new BenchSetupException($"{ServerVariable} is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }

    private async Task<string> CreateDatabaseAsync(string prefix, CancellationToken ct)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(ct);
        createdDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }
}

/// <summary>The benchmark cannot start: a missing setting or an unreachable server.</summary>
internal sealed class BenchSetupException(string message, Exception? inner = null) : Exception(message, inner);
