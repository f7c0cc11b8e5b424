using Microsoft.Playwright;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// One Chromium for every browser test: starting a browser costs far more than a context, so each
/// test opens a fresh context (its own cookies and storage) on this shared browser instead.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Debian's Chromium: Playwright cannot download its own browsers here or on CI.
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the tests with ./test.sh, which installs Debian's chromium package.");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No sandbox inside containers; the rest keeps Chromium from calling home mid-test.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new browser context for <paramref name="app"/>: a user with no cookies yet.</summary>
    /// <param name="userAgent">What the browser calls itself instead of Chromium's headless name.</param>
    public async Task<BrowserSession> OpenAsync(TestApp app, string? userAgent = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-GB",
            ViewportSize = new() { Width = 1280, Height = 900 },
            UserAgent = userAgent,
        });
        // Fail in seconds, not Playwright's default half minute: pages here render in milliseconds.
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.CloseAsync();
        playwright?.Dispose();
    }
}
