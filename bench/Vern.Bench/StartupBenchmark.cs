using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vern.Bench;

/// <summary>
/// Starts the built Vern executable as an operator would, in an empty directory (so the first
/// run's migrations and key generation are included), and measures the time until /healthz
/// answers and the resident memory once it has served a few pages and sat idle.
/// Ceilings from the foundation issue: healthy within 3 s, idle memory under 200 MB.
/// </summary>
internal static class StartupBenchmark
{
    private const double HealthyCeilingMs = 3000;
    private const double MemoryCeilingMb = 200;

    public static async Task<int> RunAsync(int runs, CancellationToken ct)
    {
        Console.WriteLine($"{"run",-4} {"healthy after (ms)",20} {"idle RSS (MB)",14}");
        var healthy = new List<double>();
        var memory = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (ms, mb) = await MeasureOnceAsync(ct);
            healthy.Add(ms);
            memory.Add(mb);
            Console.WriteLine($"{run,-4} {ms,20:F0} {mb,14:F1}");
        }
        var worstHealthy = healthy.Max();
        var worstMemory = memory.Max();
        Console.WriteLine();
        Console.WriteLine($"worst: healthy after {worstHealthy:F0} ms ({worstHealthy / HealthyCeilingMs:P0} of the 3 s ceiling), idle {worstMemory:F1} MB ({worstMemory / MemoryCeilingMb:P0} of the 200 MB ceiling)");
        return worstHealthy <= HealthyCeilingMs && worstMemory <= MemoryCeilingMb ? 0 : 1;
    }

    private static async Task<(double Ms, double Mb)> MeasureOnceAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("vern-startup-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Vern.Program).Assembly.Location);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double healthyMs;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited)
                    throw new InvalidOperationException($"Vern exited with code {process.ExitCode} before it was healthy.");
                try
                {
                    if ((await http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.OK)
                    {
                        healthyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(20, ct);
            }
            foreach (var path in new[] { "/", "/privacy", "/privacy/policy", "/privacy/cookies", "/admin/login", "/healthz" })
                (await http.GetAsync(path, ct)).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return (healthyMs, ResidentMegabytes(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
