using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// One installation's data directory and databases. Vern is opened in-process only between
/// the verbs and closed (pools cleared) before each, as an operator stops the service.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    private readonly List<string> databases;

    private TestSite(string directory, string[] args, List<string> databases)
    {
        Directory = directory;
        Args = args;
        this.databases = databases;
    }

    public string Directory { get; }
    public string[] Args { get; }

    public static async Task<TestSite> CreateAsync(Provider provider)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("vern-backup-").FullName;
        var args = new List<string> { $"--Vern:DataDirectory={Path.Combine(directory, "data")}", "--hostBuilder:reloadConfigOnChange=false" };
        var databases = new List<string>();
        if (provider == Provider.Postgres)
        {
            var main = await TestPostgres.CreateDatabaseAsync("vern");
            var keys = await TestPostgres.CreateDatabaseAsync("vernkeys");
            databases.AddRange([main, keys]);
            args.AddRange(["--Database:Provider=Postgres", $"--ConnectionStrings:Vern={main}", "--KeyStore:Provider=Postgres", $"--ConnectionStrings:VernKeys={keys}"]);
        }
        return new TestSite(directory, [.. args], databases);
    }

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>The main PostgreSQL database's connection string, as the verbs get it.</summary>
    public string MainConnectionString => Args.Single(a => a.StartsWith(MainSetting, StringComparison.Ordinal))[MainSetting.Length..];

    private const string MainSetting = "--ConnectionStrings:Vern=";

    public string DataFile(string name) => Path.Combine(Directory, "data", name);

    /// <param name="settings">More configuration, as <c>--key=value</c>, for this opening only.</param>
    public async Task<OpenSite> OpenAsync(params string[] settings)
    {
        var app = Program.BuildWebApp([.. Args, .. settings]);
        await Startup.PrepareAsync(app.Services, migrate: true, CancellationToken.None);
        return new OpenSite(app, DataFile(""));
    }

    public async ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(DataFile("")))
            SqlitePools.Clear(DataFile(""));
        foreach (var database in databases)
            await TestPostgres.DropDatabaseAsync(database);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }
}

internal sealed class OpenSite(WebApplication app, string dataDirectory) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public async Task<Guid> AddAsync(PersonalDetails details)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var subject = await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(details);
        await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        return subject.Id;
    }

    /// <summary>What an erasure request does at its end: the key destroyed, a ledger entry without personal data.</summary>
    public async Task EraseAsync(Guid subjectId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<SubjectVault>().ShredAsync(subjectId));
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.ErasureLedger.Add(new ErasureLedgerEntry
        {
            SubjectId = subjectId,
            ErasedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
            Sources = "consent,subjects",
        });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        // Pooled connections would keep the replaced file open, and reading it, after a restore.
        SqlitePools.Clear(dataDirectory);
        NpgsqlConnection.ClearAllPools();
    }
}
