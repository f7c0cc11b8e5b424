using Vern.Features.Model;
using Vern.Features.Policies;

namespace Vern.Tests.Centre;

public sealed class GeneratedSectionsTests
{
    private static readonly PrivacyModel Model = Parse(ModelStore.DefaultYaml());

    public static TheoryData<string, string> Sections()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in GeneratedSections.Names)
        {
            data.Add(name, "en");
            data.Add(name, "nb");
        }
        return data;
    }

    private static PrivacyModel Parse(string yaml)
    {
        var result = ModelParser.Parse(yaml, "privacy-model.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Model!;
    }

    private static readonly Dictionary<(string Section, string Language), string[]> Expected = new()
    {
        [("controller", "en")] = ["Nordlys Analytics AS", "923 456 789", "mailto:privacy@nordlys.example", "Chief Technology Officer", "the controller"],
        [("controller", "nb")] = ["Nordlys Analytics AS", "organisasjonsnummer", "behandlingsansvarlig", "Kontakt for personvern"],
        [("purposes", "en")] = ["<h3>Website statistics</h3>", "Your consent (GDPR Art. 6(1)(a))", "Kept for 13 months from collection, then anonymised.", "Google Ireland Limited", "Your browser"],
        [("purposes", "nb")] = ["<h3>Nettstedsstatistikk</h3>", "Ditt samtykke", "Lagres i 13 måneder fra innsamling, deretter anonymiseres de.", "Nettleseren din"],
        [("data-collected", "en")] = ["<caption>", "scope=\"col\"", "Contact details", "Newsletter", "Pages viewed, time spent on them"],
        [("data-collected", "nb")] = ["Kontaktopplysninger", "Nyhetsbrev", "Brukes til"],
        [("recipients", "en")] = ["Hetzner Online GmbH", "Germany", "Sub-processor", "Skatteetaten (Norwegian Tax Administration)", "Public authority"],
        [("recipients", "nb")] = ["Hetzner Online GmbH", "Tyskland", "Underdatabehandler", "Offentlig myndighet"],
        [("transfers", "en")] = ["Google LLC", "EU–US Data Privacy Framework", "2021 standard contractual clauses, module 2 (controller to processor)", "1 November 2024", "United States"],
        [("transfers", "nb")] = ["Google LLC", "Standardkontraktsklausuler fra 2021, modul 3", "1. november 2024", "USA"],
        [("cookies", "en")] = ["vern_consent", "hubspotutk", "6 months", "session", "30 minutes", "Always on", "/privacy/preferences", "Ireland"],
        [("cookies", "nb")] = ["vern_consent", "6 måneder", "økt", "30 minutter", "Alltid på", "Irland"],
        [("retention", "en")] = ["Norwegian Bookkeeping Act § 13", "5 years", "after the licence ends, then deleted", "Invoicing and accounting"],
        [("retention", "nb")] = ["Norwegian Bookkeeping Act § 13", "5 år", "bokføringsloven", "etter at lisensen opphører"],
        [("rights", "en")] = ["Access", "Rectification", "Erasure", "Restriction", "Objection", "Portability", "Withdrawing consent", "href=\"/privacy/requests\"", "href=\"/privacy/preferences\""],
        [("rights", "nb")] = ["Innsyn", "Retting", "Sletting", "Begrensning", "Protest", "Dataportabilitet", "Trekke tilbake samtykke", "href=\"/privacy/requests\""],
        [("complaint", "en")] = ["Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo, Norway", "href=\"https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/klage-til-datatilsynet/\"", "supervisory authority"],
        [("complaint", "nb")] = ["Datatilsynet", "tilsynsmyndigheten", "Slik klager du"],
        [("processor", "en")] = ["Nordlys Analytics AS", "923 456 789", "(the processor)"],
        [("processor", "nb")] = ["Nordlys Analytics AS", "(databehandler)"],
        [("processing", "en")] = ["<caption>What we process for our customers</caption>", "Nordlys Analytics (the licensed product)", "Collecting, storing and aggregating product events"],
        [("processing", "nb")] = ["Hva vi behandler for kundene våre", "Nordlys Analytics (det lisensierte produktet)"],
        [("sub-processors", "en")] = ["Hetzner Online GmbH", "Germany", "ActiveCampaign, LLC (Postmark)", "United States"],
        [("sub-processors", "nb")] = ["Underdatabehandlere", "Hetzner Online GmbH", "Tyskland", "USA"],
        [("security", "en")] = ["<li>Personal data is encrypted with a key per person; erasure destroys the key.</li>"],
        [("security", "nb")] = ["<li>Personopplysninger krypteres med en nøkkel per person; sletting ødelegger nøkkelen.</li>"],
        [("processor-terms", "en")] = ["at the latest 24 hours after", "at least 30 days before", "within 10 days", "available for 30 days; then its data is deleted within 30 days"],
        [("processor-terms", "nb")] = ["senest 24 timer etter", "minst 30 dager før", "innen 10 dager", "sletteattest"],
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task Every_section_renders_the_model_in_both_languages(string section, string language)
    {
        var html = await GeneratedSections.RenderAsync(Model, section, language);

        Assert.False(string.IsNullOrWhiteSpace(html));
        foreach (var text in Expected[(section, language)])
            Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2", html, StringComparison.Ordinal);
        if (html.Contains("<table", StringComparison.Ordinal))
            Assert.Contains("<caption>", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task Every_model_value_is_HTML_encoded(string section, string language)
    {
        var yaml = ModelStore.DefaultYaml()
            .Replace("  name: Nordlys Analytics AS\n", "  name: \"Nordlys <script>alert(1)</script> AS\"\n", StringComparison.Ordinal)
            .Replace("name: Hetzner Online GmbH", "name: \"Hetzner <script>alert(2)</script>\"", StringComparison.Ordinal)
            .Replace("name: Google LLC", "name: \"Google <b>LLC</b>\"", StringComparison.Ordinal)
            .Replace("name: { en: Website statistics, nb: Nettstedsstatistikk }", "name: { en: \"Stats <script>x</script>\", nb: \"Statistikk <script>x</script>\" }", StringComparison.Ordinal)
            .Replace("purpose: { en: Remembers your cookie choices., nb: Husker cookievalgene dine. }", "purpose: { en: \"<script>c</script>\", nb: \"<script>c</script>\" }", StringComparison.Ordinal)
            .Replace("  name: Datatilsynet\n", "  name: \"Data<script>tilsynet\"\n", StringComparison.Ordinal);
        var model = Parse(yaml);

        var html = await GeneratedSections.RenderAsync(model, section, language);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        var expectEncoded = section is "controller" or "purposes" or "recipients" or "transfers" or "cookies" or "complaint" or "data-collected" or "retention" or "sub-processors" or "processor";
        if (expectEncoded)
            Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Backups", "at most 35 days later", "Server logs")]
    [InlineData("nb", "Sikkerhetskopier", "senest 35 dager senere", "Serverlogger")]
    public async Task The_retention_section_names_the_rules_for_logs_and_backups_and_states_the_backup_window(string language, string backups, string window, string logs)
    {
        var html = await GeneratedSections.RenderAsync(Model, "retention", language);

        Assert.Contains(backups, html, StringComparison.Ordinal);
        Assert.Contains(window, html, StringComparison.Ordinal);
        Assert.Contains(logs, html, StringComparison.Ordinal);
        Assert.DoesNotContain("backups-35-days", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_section_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => GeneratedSections.RenderAsync(Model, "everything", "en"));
        Assert.Contains("controller", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_processor_name_with_markup_is_shown_as_the_text_it_is()
    {
        var model = Parse(ModelStore.DefaultYaml().Replace("name: Hetzner Online GmbH", "name: \"Hetzner <script>alert(2)</script> & Co\"", StringComparison.Ordinal));

        var html = await GeneratedSections.RenderAsync(model, "recipients", "en");

        Assert.Contains("<th scope=\"row\">Hetzner &lt;script&gt;alert(2)&lt;/script&gt; &amp; Co</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_address_that_is_not_safe_to_link_is_shown_as_text()
    {
        var model = Parse(ModelStore.DefaultYaml()
            .Replace("  website: https://nordlys.example\n", "  website: \"javascript:alert(1)\"\n", StringComparison.Ordinal)
            .Replace("  website: https://www.datatilsynet.no\n", "  website: www.datatilsynet.no\n", StringComparison.Ordinal));

        var controller = await GeneratedSections.RenderAsync(model, "controller", "en");
        var complaint = await GeneratedSections.RenderAsync(model, "complaint", "en");

        Assert.Contains("<dd>javascript:alert(1)</dd>", controller, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", controller, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"mailto:privacy@nordlys.example\">", controller, StringComparison.Ordinal);
        // Without a scheme the address would be a link relative to whichever page shows it.
        Assert.Contains("<dd>www.datatilsynet.no</dd>", complaint, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/klage-til-datatilsynet/\">", complaint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_names_are_the_sections_the_policy_documents_use()
    {
        Assert.Equal(["controller", "purposes", "data-collected", "recipients", "transfers", "cookies", "retention", "rights", "complaint",
            "processor", "processing", "sub-processors", "security", "processor-terms"], GeneratedSections.Names);
    }

    [Theory]
    [InlineData("P13M", "en", "13 months")]
    [InlineData("P13M", "nb", "13 måneder")]
    [InlineData("P5Y", "en", "5 years")]
    [InlineData("P5Y", "nb", "5 år")]
    [InlineData("P1Y", "en", "1 year")]
    [InlineData("P30D", "en", "30 days")]
    [InlineData("P30D", "nb", "30 dager")]
    [InlineData("P1D", "nb", "1 dag")]
    [InlineData("PT30M", "en", "30 minutes")]
    [InlineData("PT30M", "nb", "30 minutter")]
    [InlineData("P1Y6M", "en", "1 year and 6 months")]
    [InlineData("P2W", "nb", "2 uker")]
    [InlineData("P1M2DT3H", "en", "1 month, 2 days and 3 hours")]
    [InlineData("forever", "en", "forever")]
    public void Durations_read_as_words(string duration, string language, string words)
    {
        Assert.Equal(words, Durations.ToWords(duration, language));
    }

    [Fact]
    public void A_session_lifetime_reads_as_session()
    {
        Assert.Equal("session", Durations.Lifetime("session", "en"));
        Assert.Equal("økt", Durations.Lifetime("session", "nb"));
        Assert.Equal("6 måneder", Durations.Lifetime("P6M", "nb"));
    }
}
