using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Conventions;

/// <summary>
/// Everything is closed unless it says otherwise: every public route opts in to anonymous use, every
/// console route names its policy, the customer portal's routes name the portal's, and a route that says nothing is
/// for signed-in staff only.
/// </summary>
public sealed class FallbackPolicyTests
{
    [Fact]
    public async Task Every_route_is_explicitly_anonymous_or_names_a_policy()
    {
        await using var app = await TestApp.StartAsync();
        var routes = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (
                Path: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                Anonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                Policies: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList()))
            .ToList();
        Assert.Contains(routes, r => r.Path == "/privacy/requests");
        Assert.Contains(routes, r => r.Path == "/healthz");

        foreach (var (path, anonymous, policies) in routes)
        {
            if (path.StartsWith("/admin", StringComparison.Ordinal) || path.StartsWith("/api/admin", StringComparison.Ordinal))
                Assert.True(anonymous || policies.Count > 0, $"{path} names no authorization policy");
            else if (path.StartsWith("/customers/portal", StringComparison.Ordinal))
                Assert.True(!anonymous && policies.Contains(Vern.Features.Customers.Portal.CustomerPortal.Policy), $"{path} is not for signed-in customer contacts only");
            else
                Assert.True(anonymous, $"{path} is public but does not say so with AllowAnonymous");
        }
    }

    [Fact]
    public async Task A_new_route_that_says_nothing_about_authorization_is_closed_to_visitors()
    {
        await using var app = await TestApp.StartAsync(map: a =>
        {
            a.MapGet("/admin/reports", () => "Quarterly numbers");
            a.MapGet("/reports", () => "Quarterly numbers");
            a.MapGet("/api/v1/reports", () => "Quarterly numbers");
        });
        using var visitor = app.CreateClient();

        foreach (var path in new[] { "/admin/reports", "/reports" })
        {
            var page = await visitor.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.Redirect, $"{path} answered {page.StatusCode}");
            Assert.Equal("/admin/login", page.Headers.Location!.AbsolutePath);
        }
        var api = await visitor.GetAsync("/api/v1/reports");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.DoesNotContain("Quarterly", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A mistyped address is still a plain 404, not the sign-in page.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/privacy/polcy")).StatusCode);
    }
}
