using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vern.Infrastructure.Hosting;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Vern itself on real Kestrel (a loopback port), with a data directory and databases of its own.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<string> postgresDatabases;

    private static readonly string[] VerbSettings = ["Vern:DataDirectory", "Database:Provider", "ConnectionStrings:Vern", "KeyStore:Provider", "ConnectionStrings:VernKeys"];

    private TestApp(WebApplication app, string dataDirectory, Provider provider, List<string> postgresDatabases, CapturedLogs logs, string[] verbArguments)
    {
        VerbArguments = verbArguments;
        this.app = app;
        this.postgresDatabases = postgresDatabases;
        DataDirectory = dataDirectory;
        Provider = provider;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public Provider Provider { get; }
    public CapturedLogs Logs { get; }

    /// <summary>What a verb run as its own process needs to work on this app's data: its data directory and databases.</summary>
    public IReadOnlyList<string> VerbArguments { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<TestApp> StartAsync(
        Provider provider = Provider.Sqlite,
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string? dataDirectory = null,
        Action<WebApplication>? map = null)
    {
        var newDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("vern-test-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Vern:DataDirectory"] = dataDirectory,
            ["Vern:RateLimiting:Enabled"] = "false",
            // No file watcher per app: hundreds of test apps would exhaust the inotify instances.
            ["hostBuilder:reloadConfigOnChange"] = "false",
            // Tests that move the clock call the expiry use case themselves; the hourly job would
            // otherwise race them whenever a test advances time past a request's expiry.
            ["Vern:Rights:Expiry:Enabled"] = "false",
            // Likewise the retention run: tests that move the clock run it themselves.
            ["Vern:Retention:Enabled"] = "false",
            // Tests send many invalid bodies from one address on purpose; the fraud signal would hold it. Its tests turn it on.
            ["Blocks:Signals:FailedSubmissionsPerHour"] = "0",
        };
        var databases = new List<string>();
        if (provider == Provider.Postgres)
        {
            var main = await MigratedTemplate.CreatePostgresAsync("vern");
            var keys = await TestPostgres.CreateDatabaseAsync("vernkeys");
            databases.AddRange([main, keys]);
            config["Database:Provider"] = "Postgres";
            config["ConnectionStrings:Vern"] = main;
            config["KeyStore:Provider"] = "Postgres";
            config["ConnectionStrings:VernKeys"] = keys;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        if (provider == Provider.Sqlite && newDirectory && settings?.ContainsKey("ConnectionStrings:Vern") != true)
            await MigratedTemplate.CopySqliteAsync(dataDirectory);

        // The test app owns its data directory and databases from here: a start that fails leaves neither behind.
        WebApplication? app = null;
        try
        {
            var logs = new CapturedLogs();
            var args = config.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
            app = Program.BuildWebApp(args, builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                configure?.Invoke(builder);
            });
            // Endpoints a test adds to the finished application, as a new feature would.
            map?.Invoke(app);
            await Startup.PrepareAsync(app.Services, migrate: true, CancellationToken.None);
            await app.StartAsync();
            var verbArguments = config.Where(kv => VerbSettings.Contains(kv.Key)).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
            return new TestApp(app, dataDirectory, provider, databases, logs, verbArguments);
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            await RemoveAsync(dataDirectory, databases);
            throw;
        }
    }

    public HttpClient CreateClient(bool followRedirects = false, CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = followRedirects,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public AsyncServiceScope CreateScope() => app.Services.CreateAsyncScope();

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await RemoveAsync(DataDirectory, postgresDatabases);
    }

    private static async Task RemoveAsync(string dataDirectory, IEnumerable<string> databases)
    {
        SqlitePools.Clear(dataDirectory);
        foreach (var database in databases)
            await TestPostgres.DropDatabaseAsync(database);
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left to the temp cleaner.
        }
    }
}
