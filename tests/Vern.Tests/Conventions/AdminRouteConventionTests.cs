using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Conventions;

/// <summary>
/// Enumerates every /admin and /api/admin route the running app exposes, and proves each refuses
/// anonymous users and users without the role its policy names.
/// </summary>
public sealed class AdminRouteConventionTests : IAsyncLifetime
{
    // Pages that must be reachable before signing in.
    private static readonly HashSet<string> Anonymous = ["/admin/login", "/admin/login/two-factor", "/admin/logout", "/admin/denied", "/admin/account/set-password"];

    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "roleless@example.com", role: null);
        foreach (var role in StaffRoles.All)
            await StaffSessions.CreateAsync(app, $"{role}@example.com", role, withAuthenticator: role == StaffRoles.PrivacyOfficer);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    // Records addressed by a guid (a request's case file) do not exist in a fresh database: any guid
    // reaches the page, and a 404 after authorization is as good as a 200 for proving who gets in.
    private const string NoSuchRecord = "00000000-0000-0000-0000-000000000001";

    private List<(string Path, string Method, string[] Policies, bool AllowsAnonymous)> AdminRoutes()
    {
        var sources = app.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(x => x.Path.StartsWith("/admin", StringComparison.Ordinal) || x.Path.StartsWith("/api/admin", StringComparison.Ordinal))
            .SelectMany(x => (x.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (
                // Route values become 1: the shipped policy and definition give every id-1 route something to show.
                Path: System.Text.RegularExpressions.Regex.Replace(
                    System.Text.RegularExpressions.Regex.Replace(x.Path.TrimEnd('/'), @"\{[^}:]+:guid\??\}", NoSuchRecord), @"\{[^}]+\}", "1"),
                Method: method,
                Policies: x.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().Order().ToArray(),
                AllowsAnonymous: x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .DistinctBy(r => (r.Path, r.Method))
            .ToList();
    }

    [Fact]
    public void Every_admin_route_requires_authorization_unless_it_is_a_sign_in_page()
    {
        var routes = AdminRoutes();

        Assert.Contains(routes, r => r.Path == "/admin/audit");
        Assert.Contains(routes, r => r.Path == "/api/admin/audit");
        foreach (var route in routes)
        {
            if (Anonymous.Contains(route.Path))
                Assert.True(route.AllowsAnonymous, $"{route.Path} should be open to sign in");
            else
                Assert.False(route.AllowsAnonymous || route.Policies.Length == 0, $"{route.Method} {route.Path} has no authorization policy");
        }
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_or_refused()
    {
        using var client = app.CreateClient();
        foreach (var route in AdminRoutes().Where(r => !Anonymous.Contains(r.Path)))
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Path));
            if (route.Path.StartsWith("/api/", StringComparison.Ordinal))
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Path} answered {response.StatusCode}");
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route.Method} {route.Path} answered {response.StatusCode}");
                Assert.StartsWith("/admin/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Staff_without_the_policys_role_are_refused_and_staff_with_it_get_in()
    {
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in StaffRoles.All)
        {
            var secret = role == StaffRoles.PrivacyOfficer
                ? await GetSecretAsync($"{role}@example.com")
                : null;
            clients[role] = await StaffSessions.SignInAsync(app, $"{role}@example.com", secret);
        }
        clients["none"] = await StaffSessions.SignInAsync(app, "roleless@example.com");

        var checkedRoutes = 0;
        foreach (var route in AdminRoutes().Where(r => r.Policies.Any(StaffPolicies.Roles.ContainsKey) && r.Method == "GET"))
        {
            // Every policy on a route must pass, so the roles let in are those all of them name.
            var allowed = route.Policies.Where(StaffPolicies.Roles.ContainsKey)
                .Select(p => StaffPolicies.Roles[p].AsEnumerable())
                .Aggregate((a, b) => a.Intersect(b))
                .ToList();
            foreach (var (who, client) in clients)
            {
                var response = await client.GetAsync(route.Path);
                if (allowed.Contains(who))
                    Assert.True(response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.NotFound && route.Path.Contains(NoSuchRecord, StringComparison.Ordinal)), $"{who} should open {route.Path} but got {response.StatusCode}");
                else if (route.Path.StartsWith("/api/", StringComparison.Ordinal))
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who} should be refused {route.Path} but got {response.StatusCode}");
                else
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/admin/denied",
                        $"{who} should be refused {route.Path} but got {response.StatusCode} {response.Headers.Location}");
            }
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 4, $"only {checkedRoutes} routes checked");
    }

    [Fact]
    public async Task A_privacy_officer_signed_in_with_a_password_alone_is_refused_until_the_second_factor()
    {
        await StaffSessions.CreateAsync(app, "new-officer@example.com", StaffRoles.PrivacyOfficer);
        var client = await StaffSessions.SignInAsync(app, "new-officer@example.com", enrol: false);

        var audit = await client.GetAsync("/admin/audit");
        var api = await client.GetAsync("/api/admin/audit");
        var enrol = await client.GetAsync("/admin/account/two-factor");

        Assert.Equal("/admin/denied", audit.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains("requires two-factor authentication", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> GetSecretAsync(string email)
    {
        await using var scope = app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
        return (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!))!;
    }
}
