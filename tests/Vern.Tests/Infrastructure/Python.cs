using System.Diagnostics;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Runs the README's Python recipes as a reader runs them, with Debian's interpreter and jwcrypto, which ./test.sh
/// installs; a machine without them fails the test saying what to install rather than skipping it.
/// </summary>
internal static class Python
{
    private const string Interpreter = "/usr/bin/python3";

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> args, string? workingDirectory = null)
    {
        if (!File.Exists(Interpreter))
            Assert.Fail($"{Interpreter} is missing: run the tests with ./test.sh, which installs Debian's python3 and python3-jwcrypto.");
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if ((await error).Contains("No module named 'jwcrypto'", StringComparison.Ordinal))
            Assert.Fail($"{Interpreter} has no jwcrypto: run the tests with ./test.sh, which installs python3-jwcrypto (apt-get install python3-jwcrypto).");
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The README's Python block that mentions <paramref name="marker"/>, exactly as printed there.</summary>
    public static string ReadmeBlock(string marker)
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var blocks = readme.Split("```python\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).Where(b => b.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(blocks.Count == 1, $"the README should have one Python block mentioning {marker}, not {blocks.Count}");
        // The README's lines are indented under a list item; Python wants them at the left margin.
        var indent = blocks[0].Split('\n')[0].TakeWhile(c => c == ' ').Count();
        return string.Join('\n', blocks[0].Split('\n').Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
    }
}
