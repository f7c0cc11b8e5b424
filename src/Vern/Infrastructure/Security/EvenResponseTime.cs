using System.Diagnostics;

namespace Vern.Infrastructure.Security;

/// <summary>
/// Public endpoints whose work differs with what Vern holds about an address (a new person needs a
/// data key written to the key store, a known one only needs it read, an objection keeps nothing)
/// answer no sooner than a fixed time after they began, so a stopwatch tells the caller nothing
/// the answer does not. The floor sits well above the slowest path on an ordinary disk; the wait
/// costs no thread, only latency, which a person sending a form does not notice.
/// </summary>
internal static class EvenResponseTime
{
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(250);

    /// <param name="started">A <see cref="Stopwatch.GetTimestamp"/> taken when the work began.</param>
    public static Task WaitAsync(long started, CancellationToken ct)
    {
        // Wall-clock time on purpose, not the injected TimeProvider: what is evened out is what a
        // caller measures, and a test's fake clock would otherwise hold every answer forever.
        var left = Floor - Stopwatch.GetElapsedTime(started);
        return left > TimeSpan.Zero ? Task.Delay(left, ct) : Task.CompletedTask;
    }
}
