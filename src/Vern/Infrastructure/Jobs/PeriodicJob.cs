namespace Vern.Infrastructure.Jobs;

/// <summary>
/// A background job that runs on the application's clock: first after <see cref="FirstRun"/>, then
/// every <see cref="Interval"/>. A failed run is logged and the next one tries again, because one bad
/// run (the mail server down, a database hiccup) must never stop the application.
/// </summary>
internal abstract partial class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan FirstRun { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run; it should log what it did.</summary>
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitAsync(FirstRun, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(Logger, GetType().Name, e);
                }
                await WaitAsync(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The longest single wait a timer takes (Task.Delay refuses more than about 49 days).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(40);

    /// <summary>Waits <paramref name="wait"/>, in parts when it is longer than a timer takes, so a job configured to run yearly starts rather than stopping the host.</summary>
    private async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        var until = Time.GetUtcNow() + wait;
        for (var left = wait; left > TimeSpan.Zero; left = until - Time.GetUtcNow())
            await Task.Delay(left < LongestWait ? left : LongestWait, Time, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The background job {Job} failed; it runs again at its next interval")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
