using System.Net;
using System.Text.Json.Nodes;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class VisitorDecisionsTests
{
    private const string Path = "/api/v1/consent/visitor/decisions";

    private static async Task<HttpResponseMessage> ListAsync(HttpClient client, string? visitorId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        if (visitorId is not null)
            request.Headers.TryAddWithoutValidation("Vern-Visitor-Id", visitorId);
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_visitor_lists_their_own_decisions_newest_first(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var other = await ConsentApi.IssueVisitorIdAsync(client);
        var first = await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, action: "accept_all", analytics: true, marketing: true));
        var elsewhere = await ConsentApi.RecordAsync(client, ConsentApi.Body(other, action: "custom", analytics: true, marketing: false));
        var second = await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, action: "withdraw", analytics: false, marketing: false));

        using var response = await ListAsync(client, visitor);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var decisions = (await ConsentApi.ReadJsonAsync(response))["decisions"]!.AsArray();
        Assert.Equal([second["id"]!.GetValue<Guid>(), first["id"]!.GetValue<Guid>()], decisions.Select(d => d!["id"]!.GetValue<Guid>()));
        Assert.DoesNotContain(elsewhere["id"]!.GetValue<Guid>(), decisions.Select(d => d!["id"]!.GetValue<Guid>()));
        var newest = decisions[0]!;
        Assert.Equal("withdraw", newest["action"]!.GetValue<string>());
        Assert.False(newest["categories"]!["analytics"]!.GetValue<bool>());
        Assert.True(newest["categories"]!["necessary"]!.GetValue<bool>());
        Assert.Equal(1, newest["revision"]!.GetValue<int>());
        Assert.Equal("en", newest["language"]!.GetValue<string>());
        Assert.Equal(second["recordedAt"]!.GetValue<DateTime>().ToUniversalTime(), newest["recordedAt"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.EndsWith("Z", newest["recordedAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("accept_all", decisions[1]!["action"]!.GetValue<string>());
        Assert.True(decisions[1]!["categories"]!["marketing"]!.GetValue<bool>());
        // The answer never repeats the credential it was asked with.
        Assert.DoesNotContain(visitor, decisions.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_id_Vern_did_not_issue_or_without_decisions_is_a_404_and_a_missing_or_malformed_one_a_400_naming_the_header(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var unused = await ConsentApi.IssueVisitorIdAsync(client);
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor));
        // The same random part under a tag Vern did not compute: forged, or issued by another installation.
        var forged = visitor[..^2] + (visitor[^2] == 'A' ? "B" : "A") + visitor[^1];

        foreach (var id in new[] { ConsentApi.UnissuedVisitorId, forged, unused })
        {
            using var response = await ListAsync(client, id);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        foreach (var id in new[] { null, "", "short", visitor + "A", visitor[..^1] + "!" })
        {
            using var response = await ListAsync(client, id);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await ConsentApi.ReadJsonAsync(response);
            Assert.NotNull(problem["errors"]!["Vern-Visitor-Id"]);
        }
    }

    [Fact]
    public async Task The_list_shares_the_public_rate_limit()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:RateLimiting:Enabled"] = "true" });
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 119; i++)
            statuses.Add((await ListAsync(client, visitor)).StatusCode);

        // Issuing the id and recording the decision took two of the 120 a minute.
        Assert.Equal(118, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_list()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var get = document["paths"]![Path]!["get"]!;
        Assert.Equal("ListConsentVisitorDecisions", get["operationId"]!.GetValue<string>());
        Assert.Contains(get["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Vern-Visitor-Id" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(get["responses"]!["200"]);
        Assert.NotNull(get["responses"]!["400"]);
        Assert.NotNull(get["responses"]!["404"]);
    }
}
