using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Vern.Tests.Infrastructure;

/// <summary>One user's browser: a context and its page, closed together.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;

    /// <summary>
    /// Answers every request for an origin other than <paramref name="origin"/> with <paramref name="answer"/>,
    /// so nothing reaches the network, and returns the addresses asked for, as they come.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> RecordRequestsElsewhereAsync(Uri origin, Func<IRoute, Task> answer)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var urls = new ConcurrentQueue<string>();
        await Context.RouteAsync(url => !url.StartsWith(origin.ToString(), StringComparison.Ordinal), async route =>
        {
            urls.Enqueue(route.Request.Url);
            await answer(route);
        });
        return urls;
    }

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
