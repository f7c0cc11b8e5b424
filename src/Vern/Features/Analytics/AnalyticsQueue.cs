using System.Threading.Channels;

namespace Vern.Features.Analytics;

/// <summary>
/// Events accepted and not yet written, and visitors whose events are to be deleted, in the order they came.
/// Nothing reaches it before the address is masked and the browser's header reduced. An event counted under a
/// visitor's consent carries the browser's visitor id until the writer has asked the processing gate about it. When the writer falls
/// <see cref="Capacity"/> events behind, new events are dropped rather than let memory grow (statistics may lose
/// events under overload; the site may not slow down); a deletion is never dropped.
/// </summary>
internal sealed class AnalyticsQueue
{
    public const int Capacity = 100_000;

    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private int queuedEvents;

    private readonly record struct Work(QueuedEvent? Event, string? Forgotten);

    /// <param name="browser">The visitor id the gate is to be asked about before the event is written; null in cookieless mode.</param>
    public void Add(AnalyticsEvent e, string? browser)
    {
        if (Interlocked.Increment(ref queuedEvents) > Capacity)
        {
            Interlocked.Decrement(ref queuedEvents);
            return;
        }
        work.Writer.TryWrite(new Work(new QueuedEvent(e, browser), null));
    }

    /// <summary>Deletes a visitor's events, those written and those queued before (a withdrawn consent).</summary>
    public void Forget(string visitor) => work.Writer.TryWrite(new Work(null, visitor));

    public ValueTask<bool> WaitAsync(CancellationToken ct) => work.Reader.WaitToReadAsync(ct);

    /// <summary>Up to <paramref name="max"/> events, and the visitors forgotten among them.</summary>
    public (List<QueuedEvent> Events, List<string> Forgotten) Take(int max)
    {
        var events = new List<QueuedEvent>();
        var forgotten = new List<string>();
        while (events.Count < max && work.Reader.TryRead(out var next))
        {
            if (next.Event is { } e)
            {
                events.Add(e);
                Interlocked.Decrement(ref queuedEvents);
            }
            else
            {
                forgotten.Add(next.Forgotten!);
            }
        }
        return (events, forgotten);
    }
}

/// <summary>An accepted event, and the browser whose consent the gate is still to be asked about (null when none is needed).</summary>
internal sealed record QueuedEvent(AnalyticsEvent Event, string? Browser);
