using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent.Banner;

/// <summary>
/// The consent API as the banner sees it: the app's real endpoints, with every decision the browser
/// posts recorded as sent.
/// </summary>
internal sealed class ConsentApi
{
    private readonly ConcurrentQueue<JsonObject> decisions = new();

    /// <summary>The decisions posted so far, as sent.</summary>
    public IReadOnlyList<JsonObject> Decisions => [.. decisions];

    public static ConsentApi Record(IBrowserContext context)
    {
        var api = new ConsentApi();
        context.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/v1/consent/decisions", StringComparison.Ordinal) && request.PostData is { } body)
                api.decisions.Enqueue(JsonNode.Parse(body)!.AsObject());
        };
        return api;
    }

    /// <summary>The configuration the banner is given for <paramref name="lang"/>.</summary>
    public static async Task<JsonObject> ConfigAsync(TestApp app, string lang = "en")
    {
        using var client = app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync($"/api/v1/consent/config?lang={lang}"))!.AsObject();
    }
}
