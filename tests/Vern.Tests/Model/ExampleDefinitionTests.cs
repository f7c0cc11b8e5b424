using System.Text.Json;
using System.Xml.Linq;
using Vern.Features.Model;
using Vern.Tests.Centre;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Model;

/// <summary>
/// Ignite Procurement, a Norwegian B2B SaaS company, written from its published policy
/// (<c>examples/ignite-procurement/</c>): Vern started with it shows that company, not the demo one.
/// </summary>
public sealed class ExampleDefinitionTests
{
    private const string Example = Definitions.IgniteProcurement;

    private static string ExampleFile(string name) => Path.Combine(Definitions.ExampleDirectory(Example), name);

    [Fact]
    public async Task Model_check_accepts_the_example_definition()
    {
        var outcome = await VernProcess.RunAsync(["model", "check", ExampleFile(ModelStore.FileName)]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal("", outcome.Error);
        Assert.Equal("privacy-model.yaml is valid: 13 purposes, 9 data categories, 6 recipients, 8 cookies.", outcome.Output.Trim());
    }

    [Fact]
    public async Task Started_as_its_README_says_Vern_publishes_the_company_s_own_policy_in_both_languages()
    {
        // The README's steps: the definition in the data directory, then both policy documents imported.
        var directory = Directory.CreateTempSubdirectory("vern-example-").FullName;
        var data = Definitions.PrepareDataDirectory(Example, Path.Combine(directory, "data"));
        foreach (var language in new[] { "en", "nb" })
        {
            var import = await VernProcess.RunAsync(["policy", "import", ExampleFile($"policy-{language}.md"), "--publish", "--summary", "Ignite Procurement's policy"], dataDirectory: directory);
            Assert.True(import.ExitCode == 0, import.Error);
        }
        await using var app = await TestApp.StartAsync(dataDirectory: data);

        var english = CentreHttp.Content(await CentreHttp.GetAsync(app, "/privacy/policy"));
        var norwegian = CentreHttp.Content(await CentreHttp.GetAsync(app, "/privacy/policy?lang=nb"));

        Assert.Contains("<h1>Privacy Policy and our use of cookies</h1>", english, StringComparison.Ordinal);
        Assert.Contains("<strong>Ignite Procurement</strong>", english, StringComparison.Ordinal);
        Assert.Contains("(the controller)", english, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:valdemar.rolfsen@ignite.no\"", english, StringComparison.Ordinal);
        string[] purposes =
        [
            "Giving users access to Ignite Analytics", "Customer service and answering enquiries", "Newsletter",
            "Statistics on the use of our Services", "Following up visits in HubSpot", "Preventing abuse and fraud",
            "Notices about your customer relationship", "Accounting and other statutory obligations", "Handling your privacy requests",
        ];
        foreach (var purpose in purposes)
            Assert.Contains($"<h3>{purpose}</h3>", english, StringComparison.Ordinal);
        Assert.Contains("We are data processor for all customers who enter into a license agreement", english, StringComparison.Ordinal);
        Assert.Contains("Norwegian Bookkeeping Act § 13", english, StringComparison.Ordinal);
        Assert.Contains("Debt collection agency", english, StringComparison.Ordinal);
        Assert.Contains("EU–US Data Privacy Framework", english, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Personvernerklæring og vår bruk av informasjonskapsler</h1>", norwegian, StringComparison.Ordinal);
        Assert.Contains("behandlingsansvarlig", norwegian, StringComparison.Ordinal);
        Assert.Contains("<h3>Forebygge misbruk og svindel</h3>", norwegian, StringComparison.Ordinal);
        Assert.Contains("bokføringsloven", norwegian, StringComparison.Ordinal);
        // The demo company is nowhere in what the policy says.
        Assert.DoesNotContain("Nordlys", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordlys", norwegian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_declaration_lists_the_Google_Analytics_and_HubSpot_cookies()
    {
        await using var app = await Definitions.StartAsync(Example);

        var html = await CentreHttp.GetAsync(app, "/privacy/cookies");

        (string Cookie, string Provider, string Lifetime)[] expected =
        [
            ("vern_consent", "Ignite Procurement", "6 months"),
            ("_ga", "Google Ireland Limited", "2 years"),
            ("_ga_<container-id>", "Google Ireland Limited", "2 years"),
            ("hubspotutk", "HubSpot, Inc.", "6 months"),
            ("__hstc", "HubSpot, Inc.", "6 months"),
            ("__hssc", "HubSpot, Inc.", "30 minutes"),
            ("__hssrc", "HubSpot, Inc.", "session"),
        ];
        foreach (var (cookie, provider, lifetime) in expected)
        {
            var row = CentreHttp.Row(html, cookie);
            Assert.Contains(provider, row, StringComparison.Ordinal);
            Assert.Contains($"<td>{lifetime}</td>", row, StringComparison.Ordinal);
        }
        Assert.Contains("Google Analytics 4 (Google Ireland Limited)", html, StringComparison.Ordinal);
        Assert.Contains("HubSpot tracking code (HubSpot, Inc.)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordlys", CentreHttp.Content(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sub_processor_list_names_Google_HubSpot_and_the_accountant_but_not_the_statutory_recipients()
    {
        await using var app = await Definitions.StartAsync(Example);

        var html = await CentreHttp.GetAsync(app, "/privacy/subprocessors");
        using var client = app.CreateClient();
        var feed = XDocument.Parse(await client.GetStringAsync(new Uri("/privacy/subprocessors.atom", UriKind.Relative)));

        Assert.Contains("Ireland", CentreHttp.Row(html, "Google Ireland Limited"), StringComparison.Ordinal);
        Assert.Contains("EU–US Data Privacy Framework", CentreHttp.Row(html, "Google LLC"), StringComparison.Ordinal);
        Assert.Contains("EU–US Data Privacy Framework", CentreHttp.Row(html, "HubSpot, Inc."), StringComparison.Ordinal);
        Assert.Contains("Not named in the published policy", CentreHttp.Row(html, "Accountant"), StringComparison.Ordinal);
        Assert.DoesNotContain("Debt collection agency", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Public authorities", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordlys", CentreHttp.Content(html), StringComparison.Ordinal);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Contains("Ignite Procurement", feed.Root!.Element(atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal(4, feed.Root.Elements(atom + "entry").Count());
    }

    [Fact]
    public async Task The_ropa_verb_prints_the_controller_and_processor_records_of_the_example()
    {
        var directory = Directory.CreateTempSubdirectory("vern-example-").FullName;
        Definitions.PrepareDataDirectory(Example, Path.Combine(directory, "data"));

        var outcome = await VernProcess.RunAsync(["ropa", "--format", "json"], dataDirectory: directory);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var json = JsonDocument.Parse(outcome.Output);
        var controller = json.RootElement.GetProperty("controllerRecord");
        Assert.Equal(13, controller.GetArrayLength());
        Assert.All(controller.EnumerateArray(), e => Assert.Equal("Ignite Procurement", e.GetProperty("controller").GetProperty("name").GetString()));
        var billing = controller.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "licence-orders");
        Assert.Equal("Norwegian Bookkeeping Act § 13", billing.GetProperty("retention").GetProperty("legalHold").GetProperty("law").GetString());
        var processor = Assert.Single(json.RootElement.GetProperty("processorRecord").EnumerateArray());
        Assert.Equal("ignite-analytics", processor.GetProperty("id").GetString());
        Assert.Contains("data processing agreement", processor.GetProperty("controllers").GetString(), StringComparison.Ordinal);
    }
}
