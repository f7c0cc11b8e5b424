using System.Text.Json;
using Microsoft.Playwright;

namespace Vern.Tests.Consent.Banner.Pages;

/// <summary>
/// The demo company website in one visitor's browser, with what a test asks of it: which tags ran,
/// what they were told, and which cookies and storage keys exist.
/// </summary>
internal sealed class DemoSite(IPage page)
{
    public static readonly string[] TrackerCookies = ["_ga", "_ga_DEMO000000", "__hstc", "hubspotutk", "__hssc", "__hssrc"];

    public IPage Page => page;

    public async Task OpenAsync(string path = "/")
    {
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public Task<bool> GoogleAnalyticsRanAsync() => Flag("gtagLoaded");
    public Task<bool> HubSpotRanAsync() => Flag("hubspotLoaded");

    public Task WaitForGoogleAnalyticsAsync() => page.WaitForFunctionAsync("() => window.__vernTest && window.__vernTest.gtagLoaded");
    public Task WaitForHubSpotAsync() => page.WaitForFunctionAsync("() => window.__vernTest && window.__vernTest.hubspotLoaded");

    /// <summary>The dataLayer, each entry as an array of its arguments.</summary>
    public Task<JsonElement> DataLayerAsync() => JsonAsync("(window.dataLayer || []).map(e => Array.from(e))");

    /// <summary>
    /// Evaluates <paramref name="expression"/> (awaiting it if it is a promise) and returns its JSON,
    /// parsed here so that objects arrive exactly as the page serialises them.
    /// </summary>
    public async Task<JsonElement> JsonAsync(string expression)
    {
        var json = await page.EvaluateAsync<string>($"async () => JSON.stringify(await ({expression}))");
        return JsonDocument.Parse(json ?? "null").RootElement.Clone();
    }

    /// <summary>The consent commands in the dataLayer: ("default" | "update", signals).</summary>
    public async Task<List<(string Kind, Dictionary<string, string> Signals)>> ConsentCommandsAsync() => ConsentCommands(await DataLayerAsync());

    public static List<(string Kind, Dictionary<string, string> Signals)> ConsentCommands(JsonElement dataLayer) =>
        [.. dataLayer.EnumerateArray()
            .Where(e => e.GetArrayLength() == 3 && e[0].GetString() == "consent")
            .Select(e => (e[1].GetString()!, e[2].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))];

    /// <summary>Commands HubSpot received through _hsp, whether it has loaded or they still wait in the queue.</summary>
    public async Task<string[]> HubSpotCommandsAsync() =>
        await page.EvaluateAsync<string[]>("() => window.__vernTest && window.__vernTest.hsp || (Array.isArray(window._hsp) ? window._hsp.map(c => JSON.stringify(c)) : [])");

    public async Task<string[]> CookieNamesAsync() =>
        [.. (await page.Context.CookiesAsync()).Select(c => c.Name)];

    public async Task<string[]> TrackerCookiesPresentAsync() =>
        [.. (await CookieNamesAsync()).Where(n => TrackerCookies.Contains(n))];

    /// <summary>
    /// Waits (up to 5 seconds; the caller asserts) until the browser's cookie store holds every one of
    /// <paramref name="names"/>: a script's <c>document.cookie</c> reaches the store a moment after the script has run.
    /// </summary>
    public async Task WaitForCookiesAsync(params string[] names)
    {
        for (var waited = 0; waited < 5000 && !names.All((await CookieNamesAsync()).Contains); waited += 50)
            await Task.Delay(50);
    }

    public async Task<JsonElement?> ConsentCookieAsync()
    {
        var cookie = (await page.Context.CookiesAsync()).SingleOrDefault(c => c.Name == "vern_consent");
        return cookie is null ? null : JsonDocument.Parse(Uri.UnescapeDataString(cookie.Value)).RootElement.Clone();
    }

    public Task<int> StorageKeysAsync() => page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length");

    /// <summary>Blocked tags still waiting as type="text/plain".</summary>
    public Task<int> BlockedScriptsAsync() => page.Locator("script[type='text/plain'][data-consent]").CountAsync();

    public async Task<JsonElement[]> ConsentEventsAsync() => [.. (await JsonAsync("window.__vernEvents || []")).EnumerateArray()];

    /// <summary>Records every vern:consent event from the first script on; call before opening a page.</summary>
    public static Task ListenForConsentEventsAsync(IBrowserContext context) =>
        context.AddInitScriptAsync("window.__vernEvents = []; document.addEventListener('vern:consent', e => window.__vernEvents.push(e.detail));");

    public Task<string> ActiveElementAsync() =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.hasAttribute('data-vern-settings') ? '[data-vern-settings]' : '') + (e.closest('[role=dialog]') ? ' in dialog' : '') : ''; }");

    private async Task<bool> Flag(string name) =>
        await page.EvaluateAsync<bool>($"() => !!(window.__vernTest && window.__vernTest.{name})");
}
