using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vern.Tests.Platform;

/// <summary>
/// A PostgreSQL cluster of one test's own, on a free loopback port, so the test can stop and start the
/// server without touching the one every other test uses. Started as test.sh starts the shared one:
/// owned by the postgres user, which needs root.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string root;

    private PrivatePostgres(string root, int port)
    {
        this.root = root;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(root, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("vern-fault-pg-").FullName;
        var cluster = new PrivatePostgres(root, FreePort());
        try
        {
            await RunAsync("chmod", "755", root);
            await RunAsync("chown", "postgres:postgres", root);
            await AsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "-A", "trust", "--no-sync");
            await cluster.StartServerAsync();
            await AsPostgresAsync("createdb", "-h", "127.0.0.1", "-p", cluster.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "vernkeys");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(root, "server.log"), "-w", "-s",
        "-o", $"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");

    /// <summary>Stops the server as an operator's restart does: open sessions are ended, and it returns once the server is down.</summary>
    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-s", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-s", "stop");
        }
        catch (InvalidOperationException)
        {
            // Not running (never started, or already stopped).
        }
        Directory.Delete(root, recursive: true);
    }

    private static Task AsPostgresAsync(string program, params string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, program), .. args]);

    private static string BinDirectory => Directory.GetDirectories("/usr/lib/postgresql")
        .OrderBy(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
        .Select(d => Path.Combine(d, "bin"))
        .Last(Directory.Exists);

    /// <summary>Runs a command; its output goes to a file, so a server it forks cannot hold a pipe open.</summary>
    public static async Task RunAsync(string program, params string[] args)
    {
        var output = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$@\" >\"$0\" 2>&1");
            info.ArgumentList.Add(output);
            info.ArgumentList.Add(program);
            foreach (var arg in args)
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await File.ReadAllTextAsync(output)}");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
