using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vern.Data.Postgres;
using Vern.Data.Sqlite;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;

namespace Vern.Data;

internal enum DatabaseProvider { Sqlite, Postgres }

internal static class DatabaseFeature
{
    public static void AddDatabase(this WebApplicationBuilder builder)
    {
        var (provider, connectionString) = ReadSettings(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(new DatabaseSettings(provider, connectionString));
        // The options are built once, not for every context: building them took a sixth of a request's time under load
        // (bench/README.md, analytics). Their interceptors keep no state of a context's own.
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDb, SqliteAppDb>((sp, o) => o.UseSqlite(connectionString)
                    .AddInterceptors(new SqliteWriteGate(), sp.GetRequiredService<KeyShredding>())
                    .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTransactionFactory, GatedTransactionFactory>(),
                    optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDb, PostgresAppDb>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(sp.GetRequiredService<KeyShredding>()),
                    optionsLifetime: ServiceLifetime.Singleton);
                break;
        }
    }

    private static (DatabaseProvider, string) ReadSettings(ConfigurationManager configuration)
    {
        var name = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(name))
            name = nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            throw new StartupException($"Database:Provider must be 'Sqlite' or 'Postgres', not '{name}'.");

        var connectionString = configuration.GetConnectionString("Vern");
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new StartupException("Database:Provider is 'Postgres' but ConnectionStrings:Vern is not set; give it as an environment variable ConnectionStrings__Vern or with --ConnectionStrings:Vern=\"Host=...;Database=...\".");
        if (provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(connectionString))
            connectionString = new SqliteConnectionStringBuilder { DataSource = new DataDirectory(configuration).File("vern.db") }.ToString();

        try
        {
            _ = provider == DatabaseProvider.Postgres
                ? new NpgsqlConnectionStringBuilder(connectionString).ConnectionString
                : new SqliteConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"ConnectionStrings:Vern is not a valid {provider} connection string: {e.Message}", e);
        }
        return (provider, connectionString!);
    }

    /// <summary>Applies pending migrations, turning an unreachable server into one clear sentence.</summary>
    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        try
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
                await UseWriteAheadLogAsync(db, ct);
            // Migrating an up-to-date database still takes its lock and compares the model with the
            // snapshot, some 0.6 s of every verb's start; listing the applied migrations does not.
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
                await db.Database.MigrateAsync(ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            throw Unreachable(settings, e);
        }
    }

    /// <summary>
    /// Puts the SQLite database in WAL mode, which the file keeps from then on: readers no longer wait
    /// for a writer nor a writer for readers, which under many clients at once made writers time out
    /// with "database is locked". Each commit is still flushed to disk before it is acknowledged:
    /// the bundled SQLite is built with synchronous=FULL for WAL too (DEFAULT_WAL_SYNCHRONOUS=2),
    /// which a test holds it to. The key store keeps its rollback journal (see KeyStore).
    /// </summary>
    private static async Task UseWriteAheadLogAsync(AppDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL";
            // SQLite answers with the mode it is in, which stays the old one when it cannot switch.
            if (await command.ExecuteScalarAsync(ct) is not "wal" and var mode)
                throw new InvalidOperationException($"SQLite would not put the database in WAL mode; it stays in '{mode}' mode.");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The one sentence for a database Vern cannot reach, wherever it first tries.</summary>
    public static StartupException Unreachable(DatabaseSettings settings, Exception e) =>
        new($"The {settings.Provider} database cannot be reached or migrated: {FirstLine(e)}", e);

    private static string FirstLine(Exception e)
    {
        while (e.InnerException is not null && e is InvalidOperationException)
            e = e.InnerException;
        return e.Message.Split('\n')[0].Trim();
    }
}

internal sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The full path of the SQLite database file.</summary>
    public string SqliteFile => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
}
