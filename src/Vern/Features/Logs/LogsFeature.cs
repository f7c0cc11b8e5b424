using System.Globalization;
using Serilog;
using Serilog.Events;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Logs;

internal static class LogsFeature
{
    /// <summary>
    /// Adds a daily log file in <c>Vern:Logs:Directory</c> when it is configured. It is one more provider of the logging
    /// pipeline, so the redaction of personal values happens before it as before the console. The sink keeps every file:
    /// the retention run deletes them under the definition's log rule, on the day it says (ADR 32).
    /// </summary>
    public static void AddLogs(this WebApplicationBuilder builder)
    {
        var directory = new LogDirectory(builder.Configuration);
        builder.Services.AddSingleton(directory);
        builder.Services.AddScoped<IRetentionSource, LogRetention>();
        AddLogFile(builder.Logging, directory);
    }

    /// <summary>The daily log file as one more logging provider; nothing when no log directory is configured.</summary>
    public static void AddLogFile(ILoggingBuilder logging, LogDirectory directory)
    {
        if (directory.Path is null)
            return;
        Directory.CreateDirectory(directory.Path);
        // Levels are filtered by the logging configuration (Logging:LogLevel), as for the console. The sink names each file by
        // the server's local day; retention counts from the instant its first line states instead (LogDirectory.List).
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(LogEventLevel.Verbose)
            .WriteTo.File(directory.FilePattern, formatProvider: CultureInfo.InvariantCulture, rollingInterval: RollingInterval.Day, retainedFileCountLimit: null, shared: true,
                outputTemplate: "{Timestamp:" + LogDirectory.TimestampFormat + "} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        logging.AddSerilog(logger, dispose: true);
    }
}
