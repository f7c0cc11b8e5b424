using System.Net;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Platform;

public sealed class HealthAndHeadersTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Healthz_reports_healthy_when_the_database_answers(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_carries_a_strict_content_security_policy_and_hardening_headers()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        foreach (var path in new[] { "/", "/privacy", "/admin/login", "/healthz" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("1; mode=block", response.Headers.GetValues("X-XSS-Protection").Single());
        }
    }

    [Fact]
    public async Task Cookies_carry_their_attributes_spelled_as_RFC_6265_does()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:PublicUrl"] = "https://privacy.nordlys.example" });
        using var client = app.CreateClient();

        var form = await client.GetAsync("/privacy/requests");

        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vern_af=", StringComparison.Ordinal));
        var attributes = antiforgery.Split(';').Skip(1).Select(a => a.Trim().Split('=')[0]).ToList();
        Assert.Contains("HttpOnly", attributes);
        Assert.Contains("Secure", attributes);
        Assert.Contains("Path", attributes);
        Assert.Contains("SameSite", attributes);
        Assert.DoesNotContain("httponly", attributes);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"openapi\"", document, StringComparison.Ordinal);
        Assert.Contains("/api/admin/audit", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_reference_page_lists_the_routes_of_the_OpenAPI_document()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/api");

        Assert.Contains("/openapi/v1.json", page, StringComparison.Ordinal);
        Assert.Contains("/api/admin/audit/verify", page, StringComparison.Ordinal);
        Assert.Contains("Verify the hash chain of the audit trail against its signed checkpoints.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_answers_with_problem_details()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
