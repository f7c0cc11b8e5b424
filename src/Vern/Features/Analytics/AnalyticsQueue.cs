using System.Threading.Channels;

namespace Vern.Features.Analytics;

/// <summary>
/// Events accepted and not yet written, and visitors whose events are to be deleted. Nothing reaches it before the
/// address is masked and the browser's header reduced. An event counted under a visitor's consent carries the
/// browser's visitor id until the writer has asked the processing gate about it.
/// </summary>
/// <remarks>
/// At most <see cref="Capacity"/> events wait, well under a second of writing: a request that finds the queue full
/// waits for room, so a server that accepts events faster than it writes them answers more slowly instead of holding
/// more than it can write within a second. While the database is away nothing makes room, and an event that found no
/// room within <see cref="RoomWait"/> is dropped (statistics may lose events then; the request is not held longer).
/// A deletion is never dropped.
/// </remarks>
internal sealed class AnalyticsQueue : IDisposable
{
    public const int Capacity = 2 * AnalyticsWriter.MaxBatch;
    public static readonly TimeSpan RoomWait = TimeSpan.FromSeconds(1);

    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim room = new(Capacity, Capacity);

    private readonly record struct Work(QueuedEvent? Event, string? Forgotten);

    /// <param name="browser">The visitor id the gate is to be asked about before the event is written; null in cookieless mode.</param>
    public async Task AddAsync(AnalyticsEvent e, string? browser, CancellationToken ct)
    {
        // No room within RoomWait: the writer cannot write (the database is away), and the event is dropped.
        if (await room.WaitAsync(RoomWait, ct))
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
                room.Release();
            }
            else
            {
                forgotten.Add(next.Forgotten!);
            }
        }
        return (events, forgotten);
    }

    public void Dispose() => room.Dispose();
}

/// <summary>An accepted event, and the browser whose consent the gate is still to be asked about (null when none is needed).</summary>
internal sealed record QueuedEvent(AnalyticsEvent Event, string? Browser);
