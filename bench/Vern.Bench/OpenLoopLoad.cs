using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Vern.Bench;

/// <summary>
/// Sends requests at a fixed rate whatever the answers take (open loop), so a slow server cannot slow the
/// load down and hide its own delay: each latency is counted from when the request was due to be sent,
/// not from when it was sent.
/// </summary>
internal sealed class OpenLoopLoad(HttpClient client, int perSecond, Func<long, HttpRequestMessage> request, HttpStatusCode expected)
{
    private readonly ConcurrentQueue<Sample> samples = new();

    /// <summary>One request: when it was due (a <see cref="Stopwatch"/> timestamp), how long until its answer, and whether that was the expected one.</summary>
    public readonly record struct Sample(long Due, long Ticks, bool Ok);

    public IReadOnlyCollection<Sample> Samples => samples;

    /// <summary>Sends until <paramref name="stop"/> is cancelled, then waits for the answers still due.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var interval = Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        var sent = new List<Task>();
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = start + i * interval;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            sent.Add(SendAsync(i, due));
        }
        await Task.WhenAll(sent);
    }

    /// <summary>Latencies of the requests due within [<paramref name="from"/>, <paramref name="to"/>), and how many failed.</summary>
    public (Percentiles? Latency, int Failed) Window(long from, long to)
    {
        var inWindow = samples.Where(s => s.Due >= from && s.Due < to).ToList();
        return (inWindow.Count == 0 ? null : Percentiles.FromTicks([.. inWindow.Select(s => s.Ticks)]), inWindow.Count(s => !s.Ok));
    }

    private async Task SendAsync(long i, long due)
    {
        var ok = false;
        try
        {
            using var message = request(i);
            using var response = await client.SendAsync(message);
            ok = response.StatusCode == expected;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Refused, reset or timed out: a failure, kept with the time it took, since that is what the caller saw.
        }
        samples.Enqueue(new Sample(due, Stopwatch.GetTimestamp() - due, ok));
    }
}
