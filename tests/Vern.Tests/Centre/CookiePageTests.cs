using Vern.Tests.Infrastructure;

namespace Vern.Tests.Centre;

public sealed class CookiePageTests
{
    private static readonly (string Cookie, string En, string Nb)[] Lifetimes =
    [
        ("vern_consent", "6 months", "6 måneder"),
        ("vern_af", "session", "økt"),
        ("_ga", "2 years", "2 år"),
        ("_ga_<container-id>", "2 years", "2 år"),
        ("hubspotutk", "6 months", "6 måneder"),
        ("__hstc", "6 months", "6 måneder"),
        ("__hssc", "30 minutes", "30 minutter"),
    ];

    [Fact]
    public async Task The_cookie_page_lists_every_cookie_of_the_model_with_its_lifetime_in_words()
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy/cookies");

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        foreach (var (cookie, lifetime, _) in Lifetimes)
            Assert.Contains($"<td>{lifetime}</td>", CentreHttp.Row(html, cookie), StringComparison.Ordinal);
        Assert.Contains("Necessary", html, StringComparison.Ordinal);
        Assert.Contains("Always on", html, StringComparison.Ordinal);
        Assert.Contains("Google Analytics 4 (Google Ireland Limited)", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/privacy/preferences", html, StringComparison.Ordinal);
        Assert.Contains("version 1 of our privacy definition", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Norwegian_cookie_page_speaks_Norwegian()
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy/cookies?lang=nb");

        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Informasjonskapsler</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Nødvendige", html, StringComparison.Ordinal);
        Assert.Contains("Husker cookievalgene dine.", html, StringComparison.Ordinal);
        foreach (var (cookie, _, lifetime) in Lifetimes)
            Assert.Contains($"<td>{lifetime}</td>", CentreHttp.Row(html, cookie), StringComparison.Ordinal);
        Assert.DoesNotContain("Always on", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nb-NO,nb;q=0.9,en;q=0.8", "nb")]
    [InlineData("nn", "nb")]
    [InlineData("no", "nb")]
    [InlineData("de-DE,en;q=0.5", "en")]
    [InlineData("fr", "en")]
    public async Task Accept_Language_chooses_the_language(string acceptLanguage, string expected)
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy", acceptLanguage);

        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
        Assert.Contains(expected == "nb" ? "<h1>Personvernsenter</h1>" : "<h1>Privacy centre</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lang_parameter_wins_over_Accept_Language_and_the_switch_links_both_languages()
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy/cookies?lang=en", "nb-NO");

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"?lang=nb\" lang=\"nb\" hreflang=\"nb\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"?lang=en\" lang=\"en\" hreflang=\"en\" aria-current=\"true\"", html, StringComparison.Ordinal);
    }
}
