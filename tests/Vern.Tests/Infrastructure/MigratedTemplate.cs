using Npgsql;
using Vern.Data;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// One database per provider, migrated once per test run, that each test app's database starts as a copy
/// of: applying every migration to a new database took some 0.2 s on SQLite and 0.5 s on PostgreSQL,
/// for each of several hundred apps. The copy holds only the schema and the migration history; the app
/// still runs its own start-up (migration check, keys, roles, definition, policies) on it.
/// The migrations themselves are still applied from nothing by the tests that start Vern as a process.
/// </summary>
internal static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresAsync);

    /// <summary>Puts a migrated <c>vern.db</c> into a new, empty data directory.</summary>
    public static async Task CopySqliteAsync(string dataDirectory)
    {
        var target = Path.Combine(dataDirectory, "vern.db");
        File.Copy(await SqliteTemplate.Value, target);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>A new PostgreSQL database copied from the migrated one; returns its connection string.</summary>
    public static async Task<string> CreatePostgresAsync(string prefix) =>
        await TestPostgres.CreateDatabaseAsync(prefix, template: await PostgresTemplate.Value);

    private static async Task<string> CreateSqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("vern-template-").FullName;
        await MigrateAsync(["--Database:Provider=Sqlite"], directory);
        SqlitePools.Clear(directory);
        return Path.Combine(directory, "vern.db");
    }

    private static async Task<string> CreatePostgresAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("verntemplate");
        await MigrateAsync(["--Database:Provider=Postgres", $"--ConnectionStrings:Vern={connectionString}"], Directory.CreateTempSubdirectory("vern-template-").FullName);
        // PostgreSQL copies a template only while nobody is connected to it.
        await using (var connection = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(connection);
        return new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    private static async Task MigrateAsync(string[] settings, string dataDirectory)
    {
        await using var app = Program.BuildWebApp([$"--Vern:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=None", .. settings]);
        await app.Services.MigrateAsync();
    }
}
