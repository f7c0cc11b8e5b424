using System.Text.Json;
using Vern.Features.Model;
using Vern.Features.Ropa;

namespace Vern.Tests.Ropa;

public sealed class RopaContentTests
{
    private static readonly RecordsOfProcessing Records = RopaSamples.Default();

    [Fact]
    public void Every_purpose_of_the_default_model_has_every_article_30_1_field()
    {
        Assert.Equal(Parse().Purposes.Select(p => p.Id), Records.ControllerRecord.Select(e => e.Id));
        Assert.All(Records.ControllerRecord, e =>
        {
            // (a) the controller and its contact details, and the protection officer
            Assert.All(new[] { e.Controller.Name, e.Controller.Address, e.Controller.Email, e.Controller.ProtectionOfficer }, NotBlank);
            // (b) the purpose, with its legal basis
            NotBlank(e.Purpose.Name);
            NotBlank(e.Purpose.Description);
            Assert.StartsWith("dpv:", e.LegalBasis.Dpv, StringComparison.Ordinal);
            Assert.StartsWith("GDPR Art. 6(1)", e.LegalBasis.Article, StringComparison.Ordinal);
            // (c) categories of data subjects and of personal data
            Assert.NotEmpty(e.DataSubjects);
            Assert.All(e.DataSubjects, s => NotBlank(s.Name));
            Assert.NotEmpty(e.PersonalData);
            Assert.All(e.PersonalData, c => NotBlank(c.Name));
            // (d) categories of recipients
            Assert.NotEmpty(e.Recipients);
            Assert.All(e.Recipients, r => Assert.All(new[] { r.Name, r.Country, r.Role }, NotBlank));
            // (e) transfers, each with its safeguard; none is an answer too, stated in words
            Assert.NotNull(e.Transfers);
            Assert.All(e.Transfers, t => Assert.All(new[] { t.Recipient, t.Country, t.Mechanism }, NotBlank));
            // (f) the time limit for erasure
            Assert.All(new[] { e.Retention.Period, e.Retention.StartsAt, e.Retention.Action, e.Retention.Description }, NotBlank);
            // (g) the security measures
            Assert.NotEmpty(e.SecurityMeasures);
            Assert.All(e.SecurityMeasures, NotBlank);
        });
    }

    [Fact]
    public void Every_article_30_1_column_of_the_csv_is_filled_for_every_purpose()
    {
        var rows = Csv.Parse(RopaCsv.Controller(Records));
        var header = rows[0];
        string[] required =
        [
            "Controller", "Controller contact", "Protection officer", "Purpose", "Purpose description", "Legal basis",
            "Data subject categories", "Personal data categories", "Recipients", "Third-country transfers",
            "Retention", "Retention period", "Retention starts at", "Retention action", "Security measures",
        ];
        foreach (var row in rows.Skip(1))
            foreach (var column in required)
                NotBlank(row[header.IndexOf(column)]);
    }

    [Fact]
    public void Transfers_name_their_safeguard_and_legitimate_interests_their_balancing_test()
    {
        var statistics = Entry("site-statistics");
        var marketing = Entry("marketing-follow-up");
        var operation = Entry("site-operation");
        var billing = Entry("billing");

        Assert.Contains(statistics.Transfers, t => t is { RecipientId: "google-llc", Country: "US", Mechanism: "data-privacy-framework" });
        var scc = Assert.Single(marketing.Transfers);
        Assert.Equal(("hubspot", "standard-contractual-clauses", "2", new DateOnly(2024, 11, 1)), (scc.RecipientId, scc.Mechanism, scc.SccModule, scc.AssessmentDate));
        Assert.Empty(operation.Transfers);
        Assert.Equal("legitimate-interests", operation.LegalBasis.Basis);
        Assert.Equal("dpv:LegitimateInterest", operation.LegalBasis.Dpv);
        NotBlank(operation.LegalBasis.LegitimateInterest!.Balancing);
        Assert.Null(statistics.LegalBasis.LegitimateInterest);
        Assert.Equal("analytics", statistics.LegalBasis.ConsentCategory);
        Assert.Equal("Norwegian Bookkeeping Act § 13", billing.Retention.LegalHold?.Law);
        Assert.Equal("P5Y", billing.Retention.LegalHold?.Period);
    }

    [Fact]
    public void The_processor_record_names_processor_controllers_processing_transfers_and_security()
    {
        var entry = Assert.Single(Records.ProcessorRecord);

        Assert.Equal("Nordlys Analytics AS", entry.Processor.Name);
        NotBlank(entry.Controllers);
        NotBlank(entry.Processing);
        Assert.Equal(["hetzner", "postmark"], entry.SubProcessors.Select(s => s.Id));
        var transfer = Assert.Single(entry.Transfers);
        Assert.Equal(("postmark", "3"), (transfer.RecipientId, transfer.SccModule));
        Assert.NotEmpty(entry.SecurityMeasures);
    }

    [Theory]
    [InlineData("consent", "dpv:Consent")]
    [InlineData("contract", "dpv:Contract")]
    [InlineData("legal-obligation", "dpv:LegalObligation")]
    [InlineData("legitimate-interests", "dpv:LegitimateInterest")]
    [InlineData("vital-interests", "dpv:VitalInterest")]
    [InlineData("public-task", "dpv:PublicTask")]
    public void Each_legal_basis_maps_to_its_dpv_term(string key, string dpv)
    {
        var terms = Enum.GetValues<LegalBasis>().Select(LegalBasisTerms.Of).ToList();

        Assert.Contains(terms, t => t.Key == key && t.Dpv == dpv);
    }

    [Fact]
    public void The_json_holds_version_date_and_the_dpv_identifiers_of_purposes_categories_subjects_and_bases()
    {
        using var json = JsonDocument.Parse(RopaJson.Serialize(Records));
        var root = json.RootElement;
        var site = root.GetProperty("controllerRecord")[0];

        Assert.Equal(1, root.GetProperty("modelVersion").GetInt32());
        Assert.Equal("2025-03-01T09:30:00Z", root.GetProperty("generatedAt").GetString());
        Assert.Equal("https://w3id.org/dpv#", root.GetProperty("dpvPrefixes").GetProperty("dpv").GetString());
        Assert.Equal("dpv:ServiceProvision", site.GetProperty("purpose").GetProperty("dpv").GetString());
        Assert.Equal("dpv:LegitimateInterest", site.GetProperty("legalBasis").GetProperty("dpv").GetString());
        Assert.Equal("dpv:Visitor", site.GetProperty("dataSubjects")[0].GetProperty("dpv").GetString());
        Assert.Equal("dpv-pd:OnlineIdentifier", site.GetProperty("personalData")[0].GetProperty("dpv").GetString());
        Assert.Equal(Records.ProcessorRecord.Count, root.GetProperty("processorRecord").GetArrayLength());
    }

    [Fact]
    public void Cells_with_quotes_commas_and_line_breaks_survive_a_round_trip()
    {
        const string original = "      en: Delivering pages, protecting the site against abuse and remembering your privacy choices.\n";
        const string tricky = "Delivering \"pages\", protecting the site;\nand remembering, your choices.";
        var yaml = ModelStore.DefaultYaml();
        Assert.Contains(original, yaml, StringComparison.Ordinal);
        var model = RopaSamples.Parse(yaml.Replace(original, "      en: \"Delivering \\\"pages\\\", protecting the site;\\nand remembering, your choices.\"\n", StringComparison.Ordinal));
        var records = RopaBuilder.Build(model, 7, RopaSamples.GeneratedAt, []);

        var rows = Csv.Parse(RopaCsv.Controller(records));
        var processorRows = Csv.Parse(RopaCsv.Processor(records));

        Assert.Equal(model.Purposes.Count + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(RopaCsv.ControllerColumns.Length, r.Count));
        Assert.Equal(RopaCsv.ControllerColumns, rows[0]);
        Assert.Equal(tricky, rows[1][rows[0].IndexOf("Purpose description")]);
        Assert.Equal("HubSpot, Inc. (US, processor)", rows[4][rows[0].IndexOf("Recipients")]);
        Assert.Equal("7", rows[1][rows[0].IndexOf("Model version")]);
        Assert.Equal(model.ProcessorActivities.Count + 1, processorRows.Count);
        Assert.All(processorRows, r => Assert.Equal(RopaCsv.ProcessorColumns.Length, r.Count));
    }

    private static ControllerEntry Entry(string id) => Records.ControllerRecord.Single(e => e.Id == id);

    private static PrivacyModel Parse() => RopaSamples.Parse(ModelStore.DefaultYaml());

    private static void NotBlank(string? value) => Assert.False(string.IsNullOrWhiteSpace(value), "a required field is empty");
}
