using System.Globalization;
using System.Text.RegularExpressions;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Logs;

/// <summary>A log file in the log directory and the instant its first line was written.</summary>
internal sealed record KeptLog(string Path, DateTimeOffset Started)
{
    /// <summary>The (Oslo) day the file's first line was written, the day its retention is counted from.</summary>
    public DateOnly Day => OsloCalendar.DateOf(Started);
}

/// <summary>
/// The directory <c>Vern:Logs:Directory</c> where Vern writes one log file a day (<c>vern-20270110.log</c>), when configured;
/// by default Vern logs to the console only.
/// </summary>
internal sealed partial class LogDirectory(IConfiguration configuration)
{
    public const string Setting = "Vern:Logs:Directory";

    /// <summary>How each line of a log file begins: the instant with its offset, so it names one moment whatever the server's time zone.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff zzz";

    public string? Path { get; } = configuration[Setting] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : null;

    /// <summary>The name pattern the daily rolling file sink adds the date (and, past its size limit, a number) to.</summary>
    public string FilePattern => System.IO.Path.Combine(Path ?? throw new InvalidOperationException("No log directory is configured."), "vern-.log");

    /// <summary>Vern's log files, oldest first; no other file in the directory is among them.</summary>
    /// <remarks>
    /// The date in a file's name is the server's local day (the file sink rolls by local time), so it is not what retention
    /// counts from: a file's first line states its instant, which is read as an Oslo day like every other retention date.
    /// Only a file with no such line (empty, or not written by the sink) is counted from the start of its name's day in Oslo.
    /// </remarks>
    public IReadOnlyList<KeptLog> List()
    {
        if (Path is null || !Directory.Exists(Path))
            return [];
        return [.. Directory.EnumerateFiles(Path, "vern-*.log")
            .Select(f => (File: f, Match: LogName().Match(System.IO.Path.GetFileName(f))))
            .Where(f => f.Match.Success && DateOnly.TryParseExact(f.Match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .Select(f => new KeptLog(f.File, FirstEntry(f.File)
                ?? OsloCalendar.StartOf(DateOnly.ParseExact(f.Match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture))))
            .OrderBy(l => l.Started).ThenBy(l => l.Path, StringComparer.Ordinal)];
    }

    /// <summary>Whether a log file's first line is older than <paramref name="clockStartedBefore"/>.</summary>
    public static bool StartedBefore(KeptLog log, DateTime clockStartedBefore) => log.Started.UtcDateTime < clockStartedBefore;

    /// <summary>The instant at the start of the file's first line; null when it does not start with one.</summary>
    private static DateTimeOffset? FirstEntry(string file)
    {
        try
        {
            // Shared, as the sink keeps today's file open; only the first characters are read, however large the file.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var head = new char[64];
            var read = reader.ReadBlock(head, 0, head.Length);
            // "zzz" writes its offset as "+01:00": three characters more than the format names.
            var length = TimestampFormat.Length + 3;
            return read >= length && DateTimeOffset.TryParseExact(new string(head, 0, length), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^vern-(\d{8})(_\d{3,})?\.log$")]
    private static partial Regex LogName();
}
