using System.Globalization;
using System.Text.RegularExpressions;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Logs;

/// <summary>A day's log file in the log directory: the (Oslo) day its first line was written.</summary>
internal sealed record KeptLog(string Path, DateOnly Day);

/// <summary>
/// The directory <c>Vern:Logs:Directory</c> where Vern writes one log file a day (<c>vern-20270110.log</c>), when configured;
/// by default Vern logs to the console only.
/// </summary>
internal sealed partial class LogDirectory(IConfiguration configuration)
{
    public const string Setting = "Vern:Logs:Directory";

    public string? Path { get; } = configuration[Setting] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : null;

    /// <summary>The name pattern the daily rolling file sink adds the date (and, past its size limit, a number) to.</summary>
    public string FilePattern => System.IO.Path.Combine(Path ?? throw new InvalidOperationException("No log directory is configured."), "vern-.log");

    /// <summary>Vern's log files, oldest first; no other file in the directory is among them.</summary>
    public IReadOnlyList<KeptLog> List()
    {
        if (Path is null || !Directory.Exists(Path))
            return [];
        return [.. Directory.EnumerateFiles(Path, "vern-*.log")
            .Select(f => (File: f, Match: LogName().Match(System.IO.Path.GetFileName(f))))
            .Where(f => f.Match.Success && DateOnly.TryParseExact(f.Match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .Select(f => new KeptLog(f.File, DateOnly.ParseExact(f.Match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture)))
            .OrderBy(l => l.Day).ThenBy(l => l.Path, StringComparer.Ordinal)];
    }

    /// <summary>Whether a log file's first line is older than <paramref name="clockStartedBefore"/>: its day began before it.</summary>
    public static bool StartedBefore(KeptLog log, DateTime clockStartedBefore) => OsloCalendar.StartOf(log.Day).UtcDateTime < clockStartedBefore;

    [GeneratedRegex(@"^vern-(\d{8})(_\d{3,})?\.log$")]
    private static partial Regex LogName();
}
