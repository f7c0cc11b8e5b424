using System.Globalization;
using System.Xml.Linq;
using Vern.Features.Model;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Centre;

public sealed class SubprocessorTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly string[] Listed =
        ["ActiveCampaign, LLC (Postmark)", "Google Ireland Limited", "Google LLC", "Hetzner Online GmbH", "HubSpot, Inc.", "Regnskapshuset Nord AS"];

    private const string NewSubprocessor = """
          - id: mailstore
            name: Mailstore Archiv GmbH
            address: Hauptstraße 1, 10115 Berlin, Germany
            country: DE
            role: sub-processor
            service:
              en: Archiving of support e-mail.
              nb: Arkivering av e-post til kundestøtte.
            dpaDate: 2026-01-05
            listedSince: 2026-02-01

        """;

    [Fact]
    public async Task The_page_lists_processors_and_sub_processors_with_their_safeguards()
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy/subprocessors");

        foreach (var name in Listed)
            Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Skatteetaten", html, StringComparison.Ordinal);
        Assert.Contains("EU–US Data Privacy Framework", CentreHttp.Row(html, "Google LLC"), StringComparison.Ordinal);
        Assert.Contains("2021 standard contractual clauses, module 2", CentreHttp.Row(html, "HubSpot, Inc."), StringComparison.Ordinal);
        Assert.Contains("1 November 2024", CentreHttp.Row(html, "HubSpot, Inc."), StringComparison.Ordinal);
        Assert.Contains("module 3", CentreHttp.Row(html, "ActiveCampaign, LLC (Postmark)"), StringComparison.Ordinal);
        var hetzner = CentreHttp.Row(html, "Hetzner Online GmbH");
        Assert.Contains("Industriestr. 25, 91710 Gunzenhausen, Germany", hetzner, StringComparison.Ordinal);
        Assert.Contains("None needed", hetzner, StringComparison.Ordinal);
        Assert.Contains("1 June 2024", hetzner, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/privacy/subprocessors.atom?lang=en\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Norwegian_page_names_safeguards_in_Norwegian()
    {
        await using var app = await TestApp.StartAsync();

        var html = await CentreHttp.GetAsync(app, "/privacy/subprocessors", "nb");

        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Underdatabehandlere</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Standardkontraktsklausuler fra 2021, modul 2", CentreHttp.Row(html, "HubSpot, Inc."), StringComparison.Ordinal);
        Assert.Contains("USA", CentreHttp.Row(html, "Google LLC"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_feed_is_Atom_with_an_entry_per_listed_sub_processor()
    {
        await using var app = await TestApp.StartAsync();

        var feed = await GetFeedAsync(app);

        Assert.Equal(Atom + "feed", feed.Root!.Name);
        Assert.False(string.IsNullOrEmpty(feed.Root.Element(Atom + "id")?.Value));
        Assert.Contains("Nordlys Analytics AS", feed.Root.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.NotNull(feed.Root.Element(Atom + "updated"));
        Assert.Contains(feed.Root.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string?)l.Attribute("href"))!.EndsWith("/privacy/subprocessors.atom", StringComparison.Ordinal));
        var entries = feed.Root.Elements(Atom + "entry").ToList();
        Assert.Equal(Listed.Order(StringComparer.Ordinal), entries.Select(e => e.Element(Atom + "title")!.Value["Listed: ".Length..]).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.StartsWith("Listed: ", e.Element(Atom + "title")!.Value, StringComparison.Ordinal));
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        var hetzner = entries.Single(e => e.Element(Atom + "title")!.Value.Contains("Hetzner", StringComparison.Ordinal));
        Assert.Equal("2024-06-01T00:00:00Z", hetzner.Element(Atom + "updated")!.Value);
        // Regnskapshuset has no listedSince, so it is dated by the first version; the feed is as new as its newest entry.
        Assert.Equal(entries.Max(e => DateTime.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
            DateTime.Parse(feed.Root.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
    }

    [Fact]
    public async Task A_sub_processor_added_in_a_new_version_appears_on_the_page_and_in_the_feed()
    {
        await using var app = await TestApp.StartAsync();
        var yaml = ModelStore.DefaultYaml();
        Assert.Contains("recipients:\n", yaml, StringComparison.Ordinal);
        // Hetzner moves to the US first, then the new sub-processor is added at the top of the list.
        var changed = yaml.Replace("    country: DE\n    role: sub-processor\n", "    country: US\n    role: sub-processor\n    transfer:\n      mechanism: dpf\n", StringComparison.Ordinal)
            .Replace("recipients:\n", "recipients:\n" + NewSubprocessor, StringComparison.Ordinal);

        var errors = await app.Get<ModelStore>().SaveAsync(changed, "test", "add Mailstore", writeFile: true, CancellationToken.None);

        Assert.Empty(errors);
        var html = await CentreHttp.GetAsync(app, "/privacy/subprocessors");
        Assert.Contains("Archiving of support e-mail.", CentreHttp.Row(html, "Mailstore Archiv GmbH"), StringComparison.Ordinal);
        Assert.Contains("version 2 of our privacy definition", html, StringComparison.Ordinal);

        var entries = (await GetFeedAsync(app)).Root!.Elements(Atom + "entry").ToList();
        var titles = entries.Select(e => e.Element(Atom + "title")!.Value).ToList();
        Assert.Equal(["Added: Mailstore Archiv GmbH", "Changed: Hetzner Online GmbH"], titles.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(Listed.Length + 2, entries.Count);
        var hetznerChange = entries.Single(e => e.Element(Atom + "title")!.Value == "Changed: Hetzner Online GmbH");
        Assert.Contains("United States", hetznerChange.Element(Atom + "content")!.Value, StringComparison.Ordinal);
    }

    private static async Task<XDocument> GetFeedAsync(TestApp app)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/privacy/subprocessors.atom", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
