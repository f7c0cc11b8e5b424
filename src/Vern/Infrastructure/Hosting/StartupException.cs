namespace Vern.Infrastructure.Hosting;

/// <summary>
/// A configuration or environment problem the operator must fix. The command line prints
/// its message as one sentence and exits non-zero instead of showing a stack trace.
/// </summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
