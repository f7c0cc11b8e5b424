using System.Net;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Infrastructure.StaffSessions;

namespace Vern.Tests.Site;

public sealed class SiteTests
{
    [Fact]
    public async Task Only_the_demo_website_lets_its_pages_reach_Google_and_HubSpot()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        foreach (var path in new[] { "/", "/product", "/pricing", "/contact", "/signup", "/newsletter" })
        {
            var csp = await PolicyAsync(client, path);
            Assert.Contains("https://www.googletagmanager.com", csp, StringComparison.Ordinal);
            Assert.Contains("https://js.hs-scripts.com", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        }
        foreach (var path in new[] { "/privacy", "/privacy/cookies", "/admin/login", "/consent/banner.js", "/healthz" })
        {
            var csp = await PolicyAsync(client, path);
            Assert.StartsWith("default-src 'self'; script-src 'self'; style-src 'self';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("google", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("hubspot", csp, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_site_page_embeds_the_banner_and_only_blocked_third_party_tags()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        foreach (var path in new[] { "/", "/product", "/pricing", "/contact", "/signup" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains("<script src=\"/consent/banner.js\" defer></script>", html, StringComparison.Ordinal);
            Assert.Contains("<script type=\"text/plain\" data-consent=\"analytics\" src=\"https://www.googletagmanager.com/gtag/js?id=G-DEMO000000\" async></script>", html, StringComparison.Ordinal);
            Assert.Contains("<script type=\"text/plain\" data-consent=\"analytics\" src=\"/js/ga-config.js\"></script>", html, StringComparison.Ordinal);
            Assert.Contains("data-consent=\"marketing\" id=\"hs-script-loader\"", html, StringComparison.Ordinal);
            Assert.Contains("data-vern-settings", html, StringComparison.Ordinal);
            // Every script that is not blocked comes from the site itself.
            foreach (var tag in html.Split("<script").Skip(1).Where(t => !t.Contains("type=\"text/plain\"", StringComparison.Ordinal)))
                Assert.Matches("^ src=\"/", tag);
        }
    }

    [Theory]
    [InlineData("/contact", "Thank you for your message")]
    [InlineData("/signup", "Thank you. We will e-mail you")]
    public async Task The_forms_thank_the_visitor_and_require_the_anti_forgery_token(string path, string thanks)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient(cookies: new CookieContainer());
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "Ada Lovelace",
            ["Email"] = "ada@example.com",
            ["Company"] = "Analytical AS",
            ["Message"] = "A demo, please.",
            ["Plan"] = "team",
            ["AcceptTerms"] = "true",
        };

        using var withoutToken = await client.PostAsync(path, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        using var response = await PostFormAsync(client, path, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(thanks, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_footer_newsletter_form_posts_with_its_token_sends_a_confirmation_and_an_invalid_address_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient(cookies: new CookieContainer());

        using var ok = await PostFormAsync(client, "/newsletter", new() { ["Email"] = "ada@example.com" }, tokenFrom: "/pricing");
        Assert.Contains("the newsletter starts only once you confirm with the link in it", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Without an SMTP server the confirmation waits in the outbox directory.
        var sent = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml"));
        Assert.Contains("Subject: Confirm your newsletter subscription", await File.ReadAllTextAsync(sent), StringComparison.Ordinal);

        using var bad = await PostFormAsync(client, "/newsletter", new() { ["Email"] = "not an address" }, tokenFrom: "/");
        Assert.Contains("Give an e-mail address, such as name@example.com.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml"));
    }

    private static async Task<string> PolicyAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
        return string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
    }
}
