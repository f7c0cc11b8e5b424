using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Model;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>Talks to the collection endpoint as the tracker does, and reads what Vern stored.</summary>
internal static class AnalyticsApi
{
    public const string Events = "/api/v1/analytics/events";

    /// <summary>A desktop Chrome as it announces itself; the suite's own Chromium says "HeadlessChrome", which is not counted.</summary>
    public const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36";

    public static JsonObject PageView(Uri page, string? referrer = null) => new() { ["type"] = "pageview", ["url"] = page.ToString(), ["referrer"] = referrer, ["screen"] = 1280 };

    /// <summary>Posts a batch as sendBeacon does: text/plain, from the given client address (the app trusts 127.0.0.1 as its proxy).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? visitorId, IEnumerable<JsonObject> events, string userAgent = Chrome, string? from = null)
    {
        var body = new JsonObject { ["visitorId"] = visitorId, ["events"] = new JsonArray([.. events]) };
        var request = new HttpRequestMessage(HttpMethod.Post, Events) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (from is not null)
            request.Headers.Add("X-Forwarded-For", from);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// The stored events once at least <paramref name="atLeast"/> are (the writer writes within a second; waits up to
    /// ten). With 0, what is stored after the writer has had time to write anything accepted.
    /// </summary>
    public static async Task<List<AnalyticsEvent>> StoredAsync(TestApp app, int atLeast = 0)
    {
        if (atLeast == 0)
            await Task.Delay(AnalyticsWriter.Gather * 6);
        return await StoredAsync(app, stored => stored.Count >= atLeast);
    }

    /// <summary>The stored events once <paramref name="until"/> holds of them, or as they are after ten seconds.</summary>
    public static async Task<List<AnalyticsEvent>> StoredAsync(TestApp app, Func<List<AnalyticsEvent>, bool> until)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var scope = app.CreateScope();
            var stored = await scope.ServiceProvider.GetRequiredService<AppDb>().AnalyticsEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            if (until(stored) || waited.Elapsed > TimeSpan.FromSeconds(10))
                return stored;
            await Task.Delay(100);
        }
    }

    /// <summary>Publishes the shipped definition with its analytics section changed.</summary>
    public static async Task SetAnalyticsAsync(TestApp app, string section)
    {
        var yaml = ModelStore.DefaultYaml();
        var start = yaml.IndexOf("\nanalytics:\n", StringComparison.Ordinal);
        var end = yaml.IndexOf("\n\n", start + 1, StringComparison.Ordinal);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(yaml[..start] + "\n" + section.TrimEnd() + yaml[end..], "test", "analytics", writeFile: false, CancellationToken.None));
    }
}
