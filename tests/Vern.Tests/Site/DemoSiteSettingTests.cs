using System.Net;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Site;

/// <summary>
/// <c>Vern:DemoSite</c>: a real installation turns the demo company's website off with one setting, and
/// the site's Google Analytics and HubSpot ids are configuration, not text in its pages.
/// </summary>
public sealed class DemoSiteSettingTests
{
    private static readonly string[] SitePages = ["/product", "/pricing", "/contact", "/signup", "/newsletter"];

    [Fact]
    public async Task Turned_off_the_site_pages_are_not_found_the_home_address_leads_to_the_privacy_centre_and_nothing_links_to_them()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:DemoSite:Enabled"] = "false" });
        using var client = app.CreateClient();

        foreach (var path in SitePages)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {response.StatusCode}");
        }
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/privacy", home.Headers.Location!.OriginalString);

        foreach (var path in new[] { "/privacy", "/privacy/policy", "/privacy/cookies", "/privacy/requests" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            foreach (var page in SitePages)
                Assert.DoesNotContain($"href=\"{page}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/\"", html, StringComparison.Ordinal);
            // The brand leads to the company's own website, as the definition names it.
            Assert.Contains("<a class=\"brand\" href=\"https://nordlys.example\">Nordlys Analytics AS</a>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("googletagmanager", html, StringComparison.Ordinal);
            Assert.DoesNotContain("hs-scripts", html, StringComparison.Ordinal);
            // Without the site, no page needs the third-party hosts in its Content Security Policy.
            Assert.DoesNotContain("google", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task On_by_default_the_site_answers_and_the_privacy_centre_links_to_it()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        foreach (var path in SitePages.Prepend("/"))
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}");
        }
        var centre = await client.GetStringAsync("/privacy");
        Assert.Contains("<a class=\"brand\" href=\"/\">Nordlys Analytics AS</a>", centre, StringComparison.Ordinal);
        Assert.Contains("href=\"/product\"", centre, StringComparison.Ordinal);
        Assert.Contains("href=\"/contact\"", centre, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Google_Analytics_and_HubSpot_ids_of_the_site_come_from_configuration()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Vern:DemoSite:GoogleAnalyticsId"] = "G-OTHER12345",
            ["Vern:DemoSite:HubSpotPortalId"] = "7654321",
        });
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/pricing");

        Assert.Contains("<script type=\"text/plain\" data-consent=\"analytics\" src=\"https://www.googletagmanager.com/gtag/js?id=G-OTHER12345\" async></script>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://js.hs-scripts.com/7654321.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("G-DEMO000000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_whose_id_is_not_configured_is_left_out()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:DemoSite:HubSpotPortalId"] = "" });
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("googletagmanager.com/gtag/js?id=G-DEMO000000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hs-script-loader", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hubspot-settings.js", html, StringComparison.Ordinal);
    }
}
