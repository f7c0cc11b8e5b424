using System.Text.Json;
using Vern.Features.Rights.Access;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

public sealed class AccessPackageTests
{
    [Fact]
    public async Task An_access_package_holds_the_page_the_data_and_a_CSV_per_source_with_every_Art_15_item()
    {
        await using var app = await TestApp.StartAsync();

        var zip = await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Statistics(), Contacts()], CreatedAt, "en", portability: false);

        var entries = Unzip(zip);
        Assert.Equal(["index.html", "data.json", "csv/contacts.csv", "csv/site-statistics.csv"], entries.Keys);
        using var json = JsonDocument.Parse(entries["data.json"]);
        var root = json.RootElement;
        foreach (var key in AccessPackageBuilder.ContractKeys)
            Assert.True(root.TryGetProperty(key, out _), $"data.json lacks {key}");
        Assert.Equal("ase@example.no", root.GetProperty("subject").GetProperty("email").GetString());
        Assert.Equal(["v-123", "v-456"], root.GetProperty("subject").GetProperty("visitorIds").EnumerateArray().Select(v => v.GetString()));
        foreach (var key in new[] { "purposes", "categories", "recipients", "retention", "rights" })
            Assert.True(root.GetProperty(key).GetArrayLength() > 0, $"{key} is empty");
        Assert.Equal(7, root.GetProperty("rights").GetArrayLength());
        Assert.Contains(root.GetProperty("rights").EnumerateArray(), r => r.GetProperty("right").GetString() == "portability");
        Assert.Contains(root.GetProperty("purposes").EnumerateArray(), p => p.GetProperty("legalBasis").GetProperty("basis").GetString() == "consent");
        Assert.Contains(root.GetProperty("transfers").EnumerateArray(), t => t.GetProperty("mechanism").GetString() == "scc" && t.GetProperty("sccModule").GetString() == "2");
        Assert.Contains(root.GetProperty("retention").EnumerateArray(), r => r.TryGetProperty("legalHold", out _));
        Assert.Equal("Datatilsynet", root.GetProperty("complaint").GetProperty("authority").GetString());
        Assert.False(root.GetProperty("automatedDecisions").GetProperty("used").GetBoolean());
        Assert.Contains("Art. 22", root.GetProperty("automatedDecisions").GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["contacts", "site-statistics"], sources.Select(s => s.GetProperty("source").GetString()));
        Assert.Equal(3, sources[0].GetProperty("recordCount").GetInt32());
        Assert.Equal("You, through the contact form", sources[0].GetProperty("origin").GetString());
        var contacts = root.GetProperty("records").GetProperty("contacts");
        Assert.Equal(["Sent", "Name", "Message", "Note"], contacts.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = contacts.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Script, rows[0].GetProperty("Message").GetString());
        Assert.Equal(Formula, rows[0].GetProperty("Note").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("Note").ValueKind);
    }

    [Fact]
    public async Task The_CSV_reads_back_to_the_same_values_with_formulas_made_harmless()
    {
        await using var app = await TestApp.StartAsync();

        var entries = Unzip(await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts()], CreatedAt, "en", portability: false));

        var rows = ParseCsv(Text(entries["csv/contacts.csv"]));
        Assert.Equal(["Sent", "Name", "Message", "Note"], rows[0]);
        Assert.Equal(["2027-01-02", "Åse Ødegård, Bærum", Script, "'" + Formula], rows[1]);
        Assert.Equal(["2027-01-03", "'+47 400 00 000", Multiline, ""], rows[2]);
        Assert.Equal(["2027-01-04", "'-1", "'@SUM(A1:A2)", "Plain æøå"], rows[3]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task The_page_encodes_every_value_and_loads_nothing()
    {
        await using var app = await TestApp.StartAsync();

        var html = Text(Unzip(await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts(), Statistics()], CreatedAt, "en", portability: false))["index.html"]);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<caption>Contact form messages (3 records)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Message</th>", html, StringComparison.Ordinal);
        Assert.Contains("Åse Ødegård, Bærum", html, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", html, StringComparison.Ordinal);
        Assert.Contains("2021 standard contractual clauses, module 2", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://nordlys.example/privacy/requests\"", html, StringComparison.Ordinal);
        Assert.Contains("1 March 2027", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_package_speaks_Norwegian_when_asked_to()
    {
        await using var app = await TestApp.StartAsync();

        var entries = Unzip(await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts()], CreatedAt, "nb", portability: false));

        var html = Text(entries["index.html"]);
        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.Contains("Personopplysningene dine hos Nordlys Analytics AS", html, StringComparison.Ordinal);
        Assert.Contains("1. mars 2027", html, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(entries["data.json"]);
        Assert.Contains(json.RootElement.GetProperty("purposes").EnumerateArray(), p => p.GetProperty("name").GetString() == "Nyhetsbrev");
        Assert.Contains(json.RootElement.GetProperty("rights").EnumerateArray(), r => r.GetProperty("name").GetString() == "Dataportabilitet");
    }

    [Fact]
    public async Task A_portability_package_holds_only_what_the_person_provided_or_generated_under_consent_or_contract()
    {
        await using var app = await TestApp.StartAsync();

        var entries = Unzip(await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts(), Statistics()], CreatedAt, "en", portability: true));

        Assert.Contains("csv/contacts.csv", entries.Keys);
        Assert.DoesNotContain("csv/site-statistics.csv", entries.Keys);
        using var json = JsonDocument.Parse(entries["data.json"]);
        Assert.Equal(["subject", "records"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["contacts"], json.RootElement.GetProperty("records").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("Website statistics", Text(entries["index.html"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_content_gives_the_same_bytes_and_a_source_name_cannot_leave_the_csv_folder()
    {
        await using var app = await TestApp.StartAsync();
        var hostile = Contacts() with { Source = "../../etc/passwd" };

        var first = await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts(), hostile], CreatedAt, "en", portability: false);
        var second = await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts(), hostile], CreatedAt, "en", portability: false);

        Assert.Equal(first, second);
        Assert.All(Unzip(first).Keys, name => Assert.DoesNotContain("..", name, StringComparison.Ordinal));
        Assert.Contains("csv/------etc-passwd.csv", Unzip(first).Keys);
    }
}
