using System.Diagnostics;

namespace Vern.Tests.Infrastructure;

/// <summary>Runs the Vern executable as an operator would, with a data directory of its own.</summary>
public static class VernProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static async Task<Outcome> RunAsync(IEnumerable<string> args, string? standardInput = null, string? dataDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(args, dataDirectory ?? Directory.CreateTempSubdirectory("vern-cli-").FullName);
        info.RedirectStandardInput = true;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        using var process = Process.Start(info)!;
        if (standardInput is not null)
            await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Outcome(process.ExitCode, await output, await error);
    }

    /// <summary>A serving Vern process, killed (SIGKILL, as <c>kill -9</c>) when disposed.</summary>
    public sealed class Server(Process process) : IAsyncDisposable
    {
        /// <summary>Where it listens, from the line it prints once it serves.</summary>
        public Uri? Address { get; internal set; }

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>Starts a verb and returns at once, its output drained; dispose to kill it.</summary>
    public static Server Start(IEnumerable<string> args, string dataDirectory)
    {
        var process = Process.Start(StartInfo(args, dataDirectory))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new Server(process);
    }

    /// <summary>Starts <c>serve</c> on a free loopback port and returns once it says it is running.</summary>
    public static async Task<Server> ServeAsync(IEnumerable<string> args, string dataDirectory)
    {
        // Production mode serves only with an https public address; the links it writes are not followed here.
        var process = Process.Start(StartInfo(["serve", "--urls=http://127.0.0.1:0", "--Vern:PublicUrl=https://vern.example", .. args], dataDirectory))!;
        var server = new Server(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("Vern is running at ", StringComparison.Ordinal))
                    continue;
                server.Address = new Uri(line["Vern is running at ".Length..].Split(' ')[0]);
                // Keep draining, so a full pipe never blocks the server.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return server;
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what the server wrote.
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"Vern did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>The built Vern run with <c>dotnet</c>, in production mode, its output captured.</summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // No configuration file watcher: processes of parallel tests would exhaust the inotify instances.
        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        return info;
    }
}
