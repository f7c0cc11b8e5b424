using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent.Banner;

/// <summary>
/// The consent API as the banner sees it. Every decision the browser posts is recorded. Where the
/// app does not serve the API yet (404), its contract (docs/consent-api.md) is answered here, so the
/// banner is tested against the same shapes the server will give.
/// </summary>
internal sealed class ConsentApi
{
    private readonly ConcurrentQueue<JsonObject> decisions = new();

    private ConsentApi(bool standIn) => StandIn = standIn;

    /// <summary>True when the app lacks the endpoints and this class answers for them.</summary>
    public bool StandIn { get; }

    /// <summary>The decisions posted so far, as sent.</summary>
    public IReadOnlyList<JsonObject> Decisions => [.. decisions];

    public static async Task<ConsentApi> InstallAsync(IBrowserContext context, TestApp app)
    {
        using var client = app.CreateClient();
        using var probe = await client.GetAsync("/api/v1/consent/config?lang=en");
        var api = new ConsentApi(probe.StatusCode == HttpStatusCode.NotFound);
        context.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/v1/consent/decisions", StringComparison.Ordinal) && request.PostData is { } body)
                api.decisions.Enqueue(JsonNode.Parse(body)!.AsObject());
        };
        if (api.StandIn)
        {
            await context.RouteAsync("**/api/v1/consent/config?*", route =>
            {
                var lang = new Uri(route.Request.Url).Query.Contains("lang=nb", StringComparison.Ordinal) ? "nb" : "en";
                return route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = Config(lang).ToJsonString() });
            });
            await context.RouteAsync("**/api/v1/consent/decisions", route => route.FulfillAsync(new()
            {
                Status = 201,
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new { id = Guid.NewGuid(), recordedAt = "2026-01-01T00:00:00Z", receipt = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln" }),
            }));
        }
        return api;
    }

    /// <summary>The configuration the banner is given, from the app or, until it has one, the contract.</summary>
    public async Task<JsonObject> ConfigAsync(TestApp app, string lang = "en")
    {
        if (StandIn)
            return Config(lang);
        using var client = app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync($"/api/v1/consent/config?lang={lang}"))!.AsObject();
    }

    // The contract's example configuration, with the default model's categories and services.
    private static JsonObject Config(string lang)
    {
        var nb = lang == "nb";
        return new JsonObject
        {
            ["revision"] = 1,
            ["language"] = lang,
            ["policyVersion"] = 1,
            ["maxAgeDays"] = 182,
            ["texts"] = nb
                ? Texts("Vi bruker informasjonskapsler", "Vi vil gjerne måle bruken av nettstedet og følge opp interessen din. Du velger selv.",
                    "Godta alle", "Avvis alle", "Tilpass", "Lagre valgene", "Innstillinger for informasjonskapsler",
                    "Nettleseren din sender et Global Privacy Control-signal, så vi bruker ikke informasjonskapsler til markedsføring.", "Alltid på")
                : Texts("We use cookies", "We would like to measure how the site is used and follow up your interest. You choose.",
                    "Accept all", "Reject all", "Customise", "Save choices", "Cookie settings",
                    "Your browser sends a Global Privacy Control signal, so we do not use marketing cookies.", "Always on"),
            ["links"] = new JsonObject { ["policy"] = $"/privacy/policy?lang={lang}", ["cookies"] = $"/privacy/cookies?lang={lang}" },
            ["categories"] = new JsonArray(
                Category("necessary", nb ? "Nødvendige" : "Necessary", nb ? "Nødvendige for at nettstedet skal fungere." : "Needed for the site to work.", true, "vern", "Vern consent and statistics"),
                Category("analytics", nb ? "Statistikk" : "Statistics", nb ? "Hjelper oss å forstå bruken." : "Helps us understand how the site is used.", false, "google-analytics", "Google Analytics 4"),
                Category("marketing", nb ? "Markedsføring" : "Marketing", nb ? "Lar HubSpot koble besøk til skjemaer." : "Lets HubSpot connect your visits to forms.", false, "hubspot-tracking", "HubSpot tracking code")),
            ["gpcRefuses"] = new JsonArray("marketing"),
            ["textHash"] = new string('0', 64),
        };
    }

    private static JsonObject Texts(string title, string description, string acceptAll, string rejectAll, string customise, string save, string settings, string gpcNotice, string alwaysOn) => new()
    {
        ["title"] = title,
        ["description"] = description,
        ["acceptAll"] = acceptAll,
        ["rejectAll"] = rejectAll,
        ["customise"] = customise,
        ["save"] = save,
        ["settings"] = settings,
        ["gpcNotice"] = gpcNotice,
        ["alwaysOn"] = alwaysOn,
    };

    private static JsonObject Category(string id, string name, string description, bool required, string serviceId, string serviceName) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["required"] = required,
        ["services"] = new JsonArray(new JsonObject { ["id"] = serviceId, ["name"] = serviceName }),
    };
}
