using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Infrastructure.Hosting;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Platform;

/// <summary>
/// A body larger than an endpoint allows is 413 with problem details on every public route that takes
/// a POST, found from the running app's endpoints so that a new one is covered without being listed.
/// </summary>
public sealed partial class BodyLimitTests
{
    // The forms people post from a browser: their bodies are read even when no length is declared.
    private static readonly string[] Forms = ["/contact", "/signup", "/newsletter", "/privacy/requests", "/privacy/preferences", "/privacy/requests/verify", "/privacy/requests/download", "/newsletter/confirm/1", "/newsletter/subscription/1", "/privacy/product-data"];

    private static List<(string Path, long Limit, bool Page)> PublicPostRoutes(TestApp app) =>
        app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(x => !x.Path.StartsWith("/admin", StringComparison.Ordinal) && !x.Path.StartsWith("/api/admin", StringComparison.Ordinal))
            // Razor Pages and a few endpoints name no method and so take a POST as well.
            .Where(x => x.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { } methods || methods.Contains("POST"))
            .Select(x => (
                Path: RouteValue().Replace(x.Path, "1"),
                Limit: x.Endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared ? declared.MaxRequestBodySize!.Value : BodyLimits.DefaultMaxBytes,
                Page: x.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is null))
            .DistinctBy(r => r.Path)
            .ToList();

    private static HttpContent Oversized(long limit, bool page, bool declareLength)
    {
        var filler = new string('a', (int)limit);
        var bytes = Encoding.UTF8.GetBytes(page ? "Message=" + filler : $$"""{"details":"{{filler}}"}""");
        HttpContent content = declareLength ? new ByteArrayContent(bytes) : new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new(page ? "application/x-www-form-urlencoded" : "application/json");
        return content;
    }

    private static async Task<string> WrittenAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var mails = (await RequestFlow.OutboxAsync(app)).Count;
        return $"subjects {await db.Subjects.CountAsync()}, identifiers {await db.SubjectIdentifiers.CountAsync()}, submissions {await db.Submissions.CountAsync()}, " +
            $"requests {await db.RightsRequests.CountAsync()}, decisions {await db.ConsentRecords.CountAsync()}, audit {await db.AuditEntries.CountAsync()}, mails {mails}";
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string path)
    {
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"POST {path} answered {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("body", out _), $"POST {path} did not name the body");
    }

    [Fact]
    public async Task Every_public_post_route_refuses_a_declared_oversized_body_with_413_problem_details_and_writes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var routes = PublicPostRoutes(app);
        Assert.Contains(routes, r => r.Path == "/api/v1/rights-requests");
        Assert.Contains(routes, r => r.Path == "/api/v1/consent/decisions" && r.Limit == 8 * 1024);
        Assert.Contains(routes, r => r.Path == "/contact" && r.Page);
        var before = await WrittenAsync(app);

        foreach (var (path, limit, page) in routes)
            await AssertTooLargeAsync(await client.PostAsync(path, Oversized(limit, page, declareLength: true)), path);

        Assert.Equal(before, await WrittenAsync(app));
    }

    [Fact]
    public async Task A_body_without_a_declared_length_stops_at_the_limit_on_every_public_api_and_form()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var routes = PublicPostRoutes(app).Where(r => r.Path.StartsWith("/api/v1/", StringComparison.Ordinal) || Forms.Contains(r.Path)).ToList();
        // Visitors, decisions, rights requests, submissions, newsletter sign-ups, analytics events and processor requests, and the forms.
        Assert.Equal(7 + Forms.Length, routes.Count);
        var before = await WrittenAsync(app);

        foreach (var (path, limit, page) in routes)
            await AssertTooLargeAsync(await client.PostAsync(path, Oversized(limit, page, declareLength: false)), path);

        Assert.Equal(before, await WrittenAsync(app));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
