using Microsoft.Playwright;

namespace Vern.Tests.Infrastructure;

/// <summary>One user's browser: a context and its page, closed together.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
