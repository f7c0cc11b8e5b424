using System.Net;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Staff;

public sealed class LoginProtectionTests
{
    [Fact]
    public async Task A_login_post_without_the_anti_forgery_token_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "support@example.com", "support");
        using var client = app.CreateClient();

        var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "support@example.com",
            ["Password"] = StaffSessions.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_client()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:RateLimiting:Enabled"] = "true" });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await client.GetAsync("/admin/login")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_login_page_says_how_to_create_the_first_account_until_one_exists()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var before = await client.GetStringAsync("/admin/login");
        await StaffSessions.CreateAsync(app, "support@example.com", "support");
        var after = await client.GetStringAsync("/admin/login");

        Assert.Contains("No staff account exists yet", before, StringComparison.Ordinal);
        Assert.Contains("staff add --email", before, StringComparison.Ordinal);
        Assert.DoesNotContain("No staff account exists yet", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_attempt_for_an_unknown_address_is_logged_without_the_address()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await StaffSessions.PostFormAsync(client, "/admin/login", new() { ["Email"] = "mallory.7731@example.org", ["Password"] = "whatever it is" });

        Assert.Contains("The e-mail address or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, l => l.Contains("Sign-in attempt for an unknown account", StringComparison.Ordinal));
        Assert.DoesNotContain("mallory.7731", app.Logs.All, StringComparison.Ordinal);
    }
}
