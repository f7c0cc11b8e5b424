using System.Net;
using System.Text;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class CorsAndRateLimitTests
{
    [Fact]
    public async Task Only_configured_origins_get_cors_headers()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Vern:Consent:AllowedOrigins:0"] = "https://www.nordlys.example",
        });
        using var client = app.CreateClient();

        var allowed = await PreflightAsync(client, "https://www.nordlys.example");
        Assert.Equal("https://www.nordlys.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var denied = await PreflightAsync(client, "https://evil.example");
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));

        using var post = new HttpRequestMessage(HttpMethod.Post, ConsentApi.Decisions)
        {
            Content = new StringContent(ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client)).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        post.Headers.Add("Origin", "https://www.nordlys.example");
        var recorded = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal("https://www.nordlys.example", recorded.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/v1/consent/config");
        foreign.Headers.Add("Origin", "https://evil.example");
        Assert.False((await client.SendAsync(foreign)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, ConsentApi.Decisions);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_client_over_the_public_rate_limit_gets_429_problem_details()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:RateLimiting:Enabled"] = "true" });
        using var client = app.CreateClient();
        // Issuing the visitor id is a public request too: it takes one of the 120.
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 130; i++)
            statuses.Add((await ConsentApi.PostAsync(client, ConsentApi.Body(visitor))).StatusCode);

        Assert.Equal(119, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var refused = await ConsentApi.PostAsync(client, ConsentApi.Body(visitor));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(119, await ConsentApi.CountAsync(app));
        using var issue = await client.PostAsync(ConsentApi.Visitors, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, issue.StatusCode);
    }

    [Fact]
    public async Task The_banner_s_per_page_view_check_has_its_own_larger_budget()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:RateLimiting:Enabled"] = "true" });
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var id = (await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor)))["id"]!.GetValue<string>();
        for (var i = 0; i < 120; i++)
            await ConsentApi.PostAsync(client, ConsentApi.Body(visitor));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConsentApi.PostAsync(client, ConsentApi.Body(visitor))).StatusCode);

        // Visitors behind one office address share it: the check still answers after writes ran out.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 1201; i++)
            statuses.Add((await client.GetAsync($"/api/v1/consent/decisions/{id}/current")).StatusCode);

        Assert.Equal(1200, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
