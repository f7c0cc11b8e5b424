using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vern.Infrastructure.Hosting;

/// <summary>
/// Answers <c>503 Service Unavailable</c> with a <c>Retry-After</c> when a request failed because the
/// database cannot be reached or the disk is full: the client (the banner, a website's form) learns that
/// trying again later will work, instead of a 500 that says Vern is broken. Every other exception is left
/// to the framework's 500 problem details. A request a fraud block refuses (<see cref="ServiceWithheldException"/>) is
/// answered the same, word for word.
/// </summary>
internal sealed partial class StorageUnavailable(IProblemDetailsService problems, ILogger<StorageUnavailable> logger) : IExceptionHandler
{
    /// <summary>Long enough for a database restart or a fail-over, short enough that a visitor's retry still helps.</summary>
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var withheld = exception is ServiceWithheldException;
        if (!withheld && Reason(exception) is null)
            return false;
        // The route template, not the path, and an error code, not a message: a path can hold a token and a
        // database's message can quote the values it refused.
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (withheld)
            LogWithheld(logger, httpContext.Request.Method, route);
        else
            LogUnavailable(logger, httpContext.Request.Method, route, Reason(exception)!);

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Vern is unavailable for a moment.",
            Detail = $"Vern cannot reach its storage right now; try again in {RetryAfterSeconds} seconds.",
        };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }))
            await httpContext.Response.WriteAsync(problem.Detail, cancellationToken);
        return true;
    }

    /// <summary>Why the storage is unavailable (an error code), or null when the exception is something else.</summary>
    public static string? Reason(Exception exception)
    {
        // EF wraps the provider's exception (DbUpdateException), so the cause is looked for down the chain.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection exceptions (08), shutting down or starting up (57P01-57P03), disk full and too many connections.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                        or PostgresErrorCodes.DiskFull or PostgresErrorCodes.TooManyConnections:
                    return $"PostgreSQL {pg.SqlState}";
                // Any other answer from the server is about the statement, not about reaching the server.
                case PostgresException:
                    return null;
                // Refused or broken connections and timeouts; Npgsql marks exactly these as transient.
                case NpgsqlException { IsTransient: true }:
                    return "PostgreSQL connection failed";
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteFull or SqliteIoError or SqliteCantOpen:
                    return $"SQLite error {sqlite.SqliteErrorCode}";
                case IOException io when IsDiskFull(io):
                    return "disk full";
            }
        }
        return null;
    }

    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    // .NET reports ENOSPC as the errno itself on Linux and macOS, and ERROR_DISK_FULL or
    // ERROR_HANDLE_DISK_FULL as an HRESULT on Windows.
    private static bool IsDiskFull(IOException io) => OperatingSystem.IsWindows()
        ? (io.HResult & 0xFFFF) is 0x70 or 0x27
        : io.HResult == 28;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} answered 503: a block for suspected fraud refused it")]
    private static partial void LogWithheld(ILogger logger, string method, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Route} answered 503: storage unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string route, string reason);
}
