using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Features.Ropa;
using Vern.Tests.Centre;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;
using Vern.Tests.Ropa;

namespace Vern.Tests.Model;

/// <summary>
/// What every definition must give a visitor and a regulator, whichever company it describes: the demo
/// company's and each complete example under <c>examples/</c>. The expectations are read from the
/// definition itself, so a company's page passes only if it shows that company's processing.
/// </summary>
public sealed class EveryDefinitionTests(DefinitionApps apps) : IClassFixture<DefinitionApps>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private const string ConsentCookie = "vern_consent";

    public static TheoryData<string> All => Definitions.All;

    public static TheoryData<string, string> AllInBothLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var definition in Definitions.Names)
        {
            data.Add(definition, "en");
            data.Add(definition, "nb");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllInBothLanguages))]
    public async Task The_policy_names_the_controller_and_shows_every_purpose_category_recipient_rule_and_the_authority(string definition, string language)
    {
        var model = Definitions.Parse(definition);

        var main = CentreHttp.Content(await CentreHttp.GetAsync(apps[definition], $"/privacy/policy?lang={language}"));

        Assert.DoesNotContain("{{vern:", main, StringComparison.Ordinal);
        Assert.Contains($"<strong>{model.Controller.Name}</strong>", main, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{model.Controller.Email}\"", main, StringComparison.Ordinal);
        foreach (var purpose in model.Purposes)
            Assert.Contains($"<h3>{purpose.Name[language]}</h3>", main, StringComparison.Ordinal);
        foreach (var category in model.Categories)
            Assert.Contains(category.Name[language], main, StringComparison.Ordinal);
        foreach (var recipient in model.Recipients)
            Assert.Contains(recipient.Name, main, StringComparison.Ordinal);
        foreach (var rule in model.Retention)
            Assert.Contains(rule.Description[language], main, StringComparison.Ordinal);
        Assert.Contains(model.Authority.Name, main, StringComparison.Ordinal);
        Assert.Contains($"href=\"{model.Authority.ComplaintUrl}\"", main, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllInBothLanguages))]
    public async Task The_cookie_declaration_has_a_row_for_every_cookie_with_its_provider_purpose_and_lifetime_in_words(string definition, string language)
    {
        var model = Definitions.Parse(definition);

        var html = await CentreHttp.GetAsync(apps[definition], $"/privacy/cookies?lang={language}");

        foreach (var cookie in model.Cookies)
        {
            var row = CentreHttp.Row(html, cookie.Name);
            var provider = cookie.Provider == ModelValidator.Self ? model.Controller.Name : model.Recipient(cookie.Provider)!.Name;
            Assert.Contains(provider, row, StringComparison.Ordinal);
            Assert.Contains(cookie.Purpose[language], row, StringComparison.Ordinal);
            Assert.Contains($"<td>{Durations.Lifetime(cookie.Lifetime, language)}</td>", row, StringComparison.Ordinal);
        }
        foreach (var category in model.BannerCategories)
            Assert.Contains(category.Name[language], html, StringComparison.Ordinal);
        foreach (var service in model.Services)
            Assert.Contains(service.Name, html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_sub_processor_list_and_its_feed_hold_exactly_the_processors_and_sub_processors(string definition)
    {
        var model = Definitions.Parse(definition);
        var listed = model.Recipients.Where(r => r.Role is RecipientRole.Processor or RecipientRole.SubProcessor).ToList();
        var app = apps[definition];

        var html = await CentreHttp.GetAsync(app, "/privacy/subprocessors");
        using var client = app.CreateClient();
        var feed = XDocument.Parse(await client.GetStringAsync(new Uri("/privacy/subprocessors.atom", UriKind.Relative)));

        foreach (var recipient in listed)
        {
            var row = CentreHttp.Row(html, recipient.Name);
            Assert.Contains(recipient.Address, row, StringComparison.Ordinal);
            Assert.Contains(recipient.Service["en"], row, StringComparison.Ordinal);
            // Outside the EU/EEA the row names a safeguard; inside it says none is needed.
            Assert.Equal(!recipient.OutsideEea, row.Contains("None needed", StringComparison.Ordinal));
        }
        foreach (var other in model.Recipients.Except(listed))
            Assert.DoesNotContain(other.Name, CentreHttp.Content(html), StringComparison.Ordinal);
        Assert.Contains(model.Controller.Name, feed.Root!.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal(
            listed.Select(r => "Listed: " + r.Name).Order(StringComparer.Ordinal),
            feed.Root.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllInBothLanguages))]
    public async Task The_banner_offers_every_consent_category_but_those_given_by_double_opt_in_with_its_services(string definition, string language)
    {
        var model = Definitions.Parse(definition);
        using var client = apps[definition].CreateClient();

        var config = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/consent/config?lang={language}", UriKind.Relative)))!;

        var categories = config["categories"]!.AsArray();
        Assert.Equal(model.BannerCategories.Select(c => c.Id), categories.Select(c => c!["id"]!.GetValue<string>()));
        foreach (var (category, offered) in model.BannerCategories.Zip(categories))
        {
            Assert.Equal(category.Name[language], offered!["name"]!.GetValue<string>());
            Assert.Equal(category.Required, offered["required"]!.GetValue<bool>());
            Assert.Equal(model.Services.Where(s => s.Category == category.Id).Select(s => s.Id), offered["services"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        }
    }

    [Theory]
    [MemberData(nameof(AllInBothLanguages))]
    public async Task Every_privacy_centre_page_answers_and_the_centre_names_the_controller(string definition, string language)
    {
        var model = Definitions.Parse(definition);
        var app = apps[definition];

        var centre = CentreHttp.Content(await CentreHttp.GetAsync(app, $"/privacy?lang={language}"));
        foreach (var page in new[] { "/privacy/requests", "/privacy/preferences", "/privacy/policy/versions" })
            await CentreHttp.GetAsync(app, $"{page}?lang={language}");

        Assert.Contains($"{model.Controller.Name}, {model.Controller.Address}.", centre, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{model.Controller.Email}\"", centre, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllInBothLanguages))]
    public async Task Every_privacy_centre_page_is_headed_and_signed_by_the_definition_s_controller_and_names_no_other_company(string definition, string language)
    {
        var model = Definitions.Parse(definition);
        var name = model.Controller.Name;
        var app = apps[definition];

        foreach (var page in new[] { "/privacy", "/privacy/policy", "/privacy/policy/versions", "/privacy/cookies", "/privacy/subprocessors", "/privacy/requests", "/privacy/preferences" })
        {
            // The whole page, the site's header and footer included.
            var html = await CentreHttp.GetAsync(app, $"{page}?lang={language}");

            Assert.Contains($" · {name}</title>", html, StringComparison.Ordinal);
            Assert.Matches($"<a class=\"brand\" href=\"[^\"]+\">{Regex.Escape(name)}</a>", html);
            Assert.Contains($"<p>{name} · {CountryNames.Name(model.Controller.Country, language)}</p>", html, StringComparison.Ordinal);
            if (definition != Definitions.Demo)
                Assert.DoesNotContain("Nordlys", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_confirmation_e_mail_of_a_request_is_signed_by_the_definition_s_controller(string definition)
    {
        var model = Definitions.Parse(definition);
        var app = apps[definition];
        using var client = app.CreateClient();
        var address = $"every-definition-{Guid.NewGuid():N}@example.com";

        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/rights-requests", UriKind.Relative), new { type = "access", email = address });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = (await RequestFlow.OutboxAsync(app)).Single(m => m.To.Mailboxes.Single().Address == address);
        Assert.Contains($"{model.Controller.Name}\n{model.Controller.Email}", (mail.TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{model.Controller.Email}\"", mail.HtmlBody ?? "", StringComparison.Ordinal);
        if (definition != Definitions.Demo)
            Assert.DoesNotContain("Nordlys", mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_banner_deletes_the_cookies_declared_for_each_category_a_visitor_may_refuse(string definition)
    {
        var model = Definitions.Parse(definition);
        using var client = apps[definition].CreateClient();

        var config = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/consent/config?lang=en", UriKind.Relative)))!;

        var trackers = config["trackers"]!.AsObject();
        Assert.Equal(model.BannerCategories.Where(c => !c.Required).Select(c => c.Id), trackers.Select(t => t.Key));
        foreach (var (category, cookies) in trackers)
        {
            // A placeholder in a declared name, such as _ga_<container-id>, is any text.
            var declared = model.Cookies.Where(c => c.Category == category).Select(c => Regex.Replace(c.Name, "<.*$", "*"));
            Assert.Equal(declared, cookies!.AsArray().Select(c => c!.GetValue<string>()));
        }
        Assert.DoesNotContain(ConsentCookie, trackers.SelectMany(t => t.Value!.AsArray()).Select(c => c!.GetValue<string>()));
        Assert.Equal(model.Services.FirstOrDefault(s => s.Provider == "google")?.Category, config["signals"]!["analytics"]?.GetValue<string>());
        Assert.Equal(model.Services.FirstOrDefault(s => s.Provider == "hubspot")?.Category, config["signals"]!["hubSpot"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_records_hold_every_purpose_and_activity_with_every_article_30_field(string definition)
    {
        var model = Definitions.Parse(definition);

        var records = RopaBuilder.Build(model, 1, RopaSamples.GeneratedAt, []);

        Assert.Equal(model.Purposes.Select(p => p.Id), records.ControllerRecord.Select(e => e.Id));
        Assert.All(records.ControllerRecord, e =>
        {
            var purpose = model.Purpose(e.Id)!;
            // (a) the controller, its contact details and the protection officer
            Assert.All(new[] { e.Controller.Name, e.Controller.Address, e.Controller.Email, e.Controller.ProtectionOfficer }, NotBlank);
            // (b) the purpose and its legal basis
            NotBlank(e.Purpose.Name);
            NotBlank(e.Purpose.Description);
            Assert.StartsWith("GDPR Art. 6(1)", e.LegalBasis.Article, StringComparison.Ordinal);
            Assert.StartsWith("dpv:", e.LegalBasis.Dpv, StringComparison.Ordinal);
            // (c) data subjects and personal data
            Assert.NotEmpty(e.DataSubjects);
            Assert.NotEmpty(e.PersonalData);
            // (d) exactly the recipients the purpose names; a purpose may name none (kept in-house)
            Assert.Equal(purpose.Recipients, e.Recipients.Select(r => r.Id));
            // (e) every recipient outside the EU/EEA with its safeguard
            Assert.Equal(purpose.Recipients.Where(id => model.Recipient(id)!.OutsideEea), e.Transfers.Select(t => t.RecipientId));
            Assert.All(e.Transfers, t => NotBlank(t.Mechanism));
            // (f) the time limit for erasure
            Assert.All(new[] { e.Retention.Period, e.Retention.StartsAt, e.Retention.Action, e.Retention.Description }, NotBlank);
            // (g) the security measures
            Assert.NotEmpty(e.SecurityMeasures);
        });
        Assert.Equal(model.ProcessorActivities.Select(a => a.Id), records.ProcessorRecord.Select(e => e.Id));
        Assert.All(records.ProcessorRecord, e =>
        {
            Assert.Equal(model.Controller.Name, e.Processor.Name);
            NotBlank(e.Controllers);
            NotBlank(e.Processing);
            Assert.NotEmpty(e.DataSubjects);
            Assert.NotEmpty(e.PersonalData);
            Assert.NotEmpty(e.SecurityMeasures);
        });
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Every_article_30_column_of_the_csv_is_filled_for_every_purpose(string definition)
    {
        var model = Definitions.Parse(definition);
        var records = RopaBuilder.Build(model, 1, RopaSamples.GeneratedAt, []);

        var rows = Csv.Parse(RopaCsv.Controller(records));

        var header = rows[0];
        string[] required =
        [
            "Controller", "Controller contact", "Protection officer", "Purpose", "Purpose description", "Legal basis",
            "Data subject categories", "Personal data categories", "Third-country transfers",
            "Retention", "Retention period", "Retention starts at", "Retention action", "Security measures",
        ];
        Assert.Equal(model.Purposes.Count + 1, rows.Count);
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(RopaCsv.ControllerColumns.Length, row.Count);
            foreach (var column in required)
                NotBlank(row[header.IndexOf(column)]);
            // Recipients are required where the purpose names any.
            Assert.Equal(model.Purpose(row[0])!.Recipients.Count > 0, row[header.IndexOf("Recipients")].Length > 0);
        }
    }

    private static void NotBlank(string? value) => Assert.False(string.IsNullOrWhiteSpace(value), "a required field is empty");
}

/// <summary>Vern started once with each definition, shared by the tests that only read from it.</summary>
public sealed class DefinitionApps : IAsyncLifetime
{
    private readonly Dictionary<string, TestApp> apps = new(StringComparer.Ordinal);

    public TestApp this[string definition] => apps[definition];

    public async Task InitializeAsync()
    {
        foreach (var definition in Definitions.Names)
            apps[definition] = await Definitions.StartAsync(definition);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values)
            await app.DisposeAsync();
    }
}
