using Vern.Infrastructure.Formats;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// What connectors log: source names, operations, status codes and subject ids only. The request URLs
/// and bodies carry e-mail addresses and the clients carry access tokens, so neither is ever logged
/// (the HTTP clients' own logging is removed for the same reason).
/// </summary>
internal static partial class ConnectorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Source}: {Operation} for subject {SubjectId} {Outcome} (status {StatusCode}, {Attempts} attempts)")]
    public static partial void Completed(this ILogger logger, string source, string operation, Guid subjectId, string outcome, int? statusCode, int attempts);

    /// <summary>An outcome of the source contracts, logged as it is spelled everywhere else.</summary>
    public static void Completed<TOutcome>(this ILogger logger, string source, string operation, Guid subjectId, TOutcome outcome, int? statusCode, int attempts)
        where TOutcome : struct, Enum
    {
        if (logger.IsEnabled(LogLevel.Information))
            logger.Completed(source, operation, subjectId, outcome.ToWire(), statusCode, attempts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Source}: {Operation} for subject {SubjectId} failed (status {StatusCode}, {Attempts} attempts, {Error})")]
    public static partial void Failed(this ILogger logger, string source, string operation, Guid subjectId, int? statusCode, int attempts, string? error);

    public static void Failed(this ILogger logger, string source, string operation, Guid subjectId, ConnectorAnswer answer, string? error = null) =>
        logger.Failed(source, operation, subjectId, answer.StatusCode, answer.Attempts, error ?? answer.Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Source}: access token obtained, valid for {Seconds} s")]
    public static partial void TokenObtained(this ILogger logger, string source, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Source}: no access token (status {StatusCode}, {Attempts} attempts, {Error})")]
    public static partial void TokenFailed(this ILogger logger, string source, int? statusCode, int attempts, string? error);
}
