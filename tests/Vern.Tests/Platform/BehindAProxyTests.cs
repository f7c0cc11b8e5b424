using System.Net;
using System.Text.RegularExpressions;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Platform;

/// <summary>
/// Behind a load balancer every request arrives from the proxy's address: forwarded headers from the
/// configured proxies name the real client, and from anyone else they are a client's claim about itself.
/// </summary>
public sealed partial class BehindAProxyTests
{
    // Sign-in allows 10 requests a minute per client, the tightest limit.
    private const string Limited = "/admin/login";

    private static async Task<TestApp> StartAsync(params (string Key, string? Value)[] settings)
    {
        var config = new Dictionary<string, string?> { ["Vern:RateLimiting:Enabled"] = "true" };
        foreach (var (key, value) in settings)
            config[key] = value;
        return await TestApp.StartAsync(settings: config);
    }

    private static Task<HttpResponseMessage> GetAsFromAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Limited);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_rate_limit()
    {
        await using var app = await StartAsync(("Vern:TrustedProxies", "127.0.0.1"));
        using var client = app.CreateClient();

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, "203.0.113.10")).StatusCode);
        var firstAgain = await GetAsFromAsync(client, "203.0.113.10");
        var second = await GetAsFromAsync(client, "198.51.100.20");

        Assert.Equal(HttpStatusCode.TooManyRequests, firstAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.0/8")]
    public async Task From_an_address_that_is_not_a_trusted_proxy_X_Forwarded_For_is_ignored(string? trusted)
    {
        await using var app = await StartAsync(("Vern:TrustedProxies", trusted));
        using var client = app.CreateClient();

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, $"203.0.113.{i + 1}")).StatusCode);
        var claimingToBeSomeoneElse = await GetAsFromAsync(client, "198.51.100.20");

        Assert.Equal(HttpStatusCode.TooManyRequests, claimingToBeSomeoneElse.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_staff_cookies_are_Secure_and_https_answers_carry_HSTS()
    {
        await using var app = await StartAsync(("Vern:PublicUrl", "https://privacy.nordlys.example"), ("Vern:TrustedProxies", "127.0.0.1"));
        await StaffSessions.CreateAsync(app, "support@nordlys.example", "support");
        // Cookies are carried by hand: a browser sends Secure cookies over https only, and the proxy ended TLS,
        // so Vern itself sees plain http and must mark them Secure all the same.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var form = await client.GetAsync("/admin/login");
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vern_af=", StringComparison.Ordinal));
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "support@nordlys.example",
                ["Password"] = StaffSessions.Password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var login = await client.SendAsync(post);
        using var overHttps = new HttpRequestMessage(HttpMethod.Get, "/privacy");
        overHttps.Headers.Host = "privacy.nordlys.example";
        overHttps.Headers.Add("X-Forwarded-Proto", "https");
        var page = await client.SendAsync(overHttps);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var staff = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vern_staff=", StringComparison.Ordinal));
        Assert.Contains("; secure", staff, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
