using System.Net;
using System.Text.Json.Nodes;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class DecisionApiTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_recorded_decision_reads_back_as_stored(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);

        var response = await ConsentApi.PostAsync(client, ConsentApi.Body(visitor, analytics: true, marketing: false));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ConsentApi.ReadJsonAsync(response);
        var id = created["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/consent/decisions/{id}", response.Headers.Location!.OriginalString);
        Assert.True(ConsentApi.Base64UrlDecode(created["receipt"]!.GetValue<string>()).Length <= 1024);

        var stored = await ConsentApi.ReadJsonAsync(await client.GetAsync(response.Headers.Location));
        // Anyone holding the decision id may read it back, so the visitor's credential is not in the answer.
        Assert.Null(stored["visitorId"]);
        Assert.DoesNotContain(visitor, stored.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, stored["revision"]!.GetValue<int>());
        Assert.Equal("custom", stored["action"]!.GetValue<string>());
        Assert.True(stored["categories"]!["analytics"]!.GetValue<bool>());
        Assert.False(stored["categories"]!["marketing"]!.GetValue<bool>());
        Assert.True(stored["categories"]!["necessary"]!.GetValue<bool>());
        Assert.True(stored["services"]!["google-analytics"]!.GetValue<bool>());
        Assert.False(stored["services"]!["hubspot-tracking"]!.GetValue<bool>());
        Assert.Equal(64, stored["textHash"]!.GetValue<string>().Length);
        Assert.Equal(64, stored["hash"]!.GetValue<string>().Length);
        Assert.Equal(created["recordedAt"]!.GetValue<DateTime>(), stored["recordedAt"]!.GetValue<DateTime>());
        Assert.Null(stored["ipAddress"]);
        Assert.Null(stored["userAgent"]);

        var config = await ConsentApi.ReadJsonAsync(await client.GetAsync("/api/v1/consent/config?lang=en"));
        Assert.Equal(config["textHash"]!.GetValue<string>(), stored["textHash"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_unknown_decision_is_a_404_problem(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/v1/consent/decisions/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{\"visitorId\": ", "body" },
        { "[1, 2]", "body" },
        { Replace("visitorId", JsonValue.Create("short")), "visitorId" },
        { Replace("visitorId", JsonValue.Create(42)), "visitorId" },
        { Replace("revision", JsonValue.Create("1")), "revision" },
        { Replace("revision", JsonValue.Create(99)), "revision" },
        { Replace("revision", JsonValue.Create(0)), "revision" },
        { Replace("language", JsonValue.Create("de")), "language" },
        { Replace("action", JsonValue.Create("maybe")), "action" },
        { Replace("gpc", JsonValue.Create("yes")), "gpc" },
        { Replace("categories", JsonValue.Create("all")), "categories" },
        { Replace("categories", new JsonObject { ["ads"] = true }), "categories.ads" },
        { Replace("categories", new JsonObject { ["analytics"] = "true" }), "categories.analytics" },
        { Replace("categories", new JsonObject { ["necessary"] = false }), "categories.necessary" },
        { Replace("services", new JsonObject { ["facebook-pixel"] = true }), "services.facebook-pixel" },
        { Replace("services", new JsonObject { ["hubspot-tracking"] = true }), "services.hubspot-tracking" },
        { ConsentApi.Body(ConsentApi.UnissuedVisitorId, action: "accept_all", analytics: true, marketing: false).ToJsonString(), "categories.marketing" },
        { ConsentApi.Body(ConsentApi.UnissuedVisitorId, action: "reject_all", analytics: true, marketing: false).ToJsonString(), "categories.analytics" },
        { ConsentApi.Body(ConsentApi.UnissuedVisitorId, action: "custom", analytics: false, marketing: true, gpc: true).ToJsonString(), "categories.marketing" },
        { ConsentApi.Body(ConsentApi.UnissuedVisitorId, action: "gpc", analytics: false, marketing: false, gpc: false).ToJsonString(), "gpc" },
        { Remove("visitorId"), "visitorId" },
        { Replace("visitorId", JsonValue.Create(ConsentApi.UnissuedVisitorId)), "visitorId" },
        { Remove("action"), "action" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await ConsentApi.PostRawAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ConsentApi.ReadJsonAsync(response);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"expected an error for {field}: {problem.ToJsonString()}");
        Assert.Equal(0, await ConsentApi.CountAsync(app));
    }

    [Fact]
    public async Task A_body_over_8_KB_is_refused_and_writes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var body = ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client));
        body["padding"] = new string('x', 8 * 1024);

        var response = await ConsentApi.PostAsync(client, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((await ConsentApi.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("body"));
        Assert.Equal(0, await ConsentApi.CountAsync(app));
    }

    [Fact]
    public async Task Every_action_with_consistent_choices_is_recorded()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "accept_all", analytics: true, marketing: true));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "reject_all", analytics: false, marketing: false));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "withdraw", analytics: false, marketing: false));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "gpc", analytics: false, marketing: false, gpc: true));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "custom", analytics: true, marketing: false, gpc: true));

        Assert.Equal(5, await ConsentApi.CountAsync(app));
    }

    private static string Replace(string field, JsonNode? value)
    {
        var body = ConsentApi.Body(ConsentApi.UnissuedVisitorId);
        body[field] = value;
        return body.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_decision_is_current_until_a_later_one_is_recorded_for_the_same_visitor(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var first = (await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, action: "accept_all", marketing: true)))["id"]!.GetValue<string>();
        var stranger = (await ConsentApi.RecordAsync(client))["id"]!.GetValue<string>();

        using var fresh = await client.GetAsync($"/api/v1/consent/decisions/{first}/current");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.True(fresh.Headers.CacheControl?.NoStore);
        Assert.True((await ConsentApi.ReadJsonAsync(fresh))["current"]!.GetValue<bool>());

        // Another visitor's decision changes nothing; the same visitor's later one supersedes it.
        async Task<bool> CurrentAsync(string id) =>
            (await ConsentApi.ReadJsonAsync(await client.GetAsync($"/api/v1/consent/decisions/{id}/current")))["current"]!.GetValue<bool>();
        Assert.True(await CurrentAsync(first));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, action: "withdraw", analytics: false, marketing: false));
        Assert.False(await CurrentAsync(first));
        Assert.True(await CurrentAsync(stranger));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/consent/decisions/{Guid.CreateVersion7()}/current")).StatusCode);
    }

    private static string Remove(string field)
    {
        var body = ConsentApi.Body(ConsentApi.UnissuedVisitorId);
        body.Remove(field);
        return body.ToJsonString();
    }
}
