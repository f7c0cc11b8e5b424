using Vern.Features.Model;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Model;

public sealed class ModelValidationTests
{
    private static readonly string Default = ModelStore.DefaultYaml();

    private static int LineOf(string yaml, string text) =>
        yaml[..yaml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private static string Replace(string text, string replacement)
    {
        Assert.Contains(text, Default, StringComparison.Ordinal);
        return Default.Replace(text, replacement, StringComparison.Ordinal);
    }

    private static ModelError SingleError(string yaml, string field)
    {
        var result = ModelParser.Parse(yaml, "privacy-model.yaml");
        Assert.False(result.IsValid);
        var matching = result.Errors.Where(e => e.Field == field).ToList();
        Assert.True(matching.Count == 1, $"Expected one error on {field}, got: {string.Join(" | ", result.Errors)}");
        Assert.Equal("privacy-model.yaml", matching[0].File);
        return matching[0];
    }

    [Fact]
    public void The_shipped_default_definition_is_valid_and_complete()
    {
        var result = ModelParser.Parse(Default, "privacy-model.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var model = result.Model!;
        Assert.Equal("Nordlys Analytics AS", model.Controller.Name);
        Assert.Equal("Datatilsynet", model.Authority.Name);
        Assert.Contains(model.Services, s => s.Id == "google-analytics");
        Assert.Contains(model.Services, s => s.Id == "hubspot-tracking");
        Assert.Contains(model.Retention, r => r.LegalHold?.Law.Contains("Bookkeeping Act § 13", StringComparison.Ordinal) == true);
        Assert.All(model.Purposes, p => Assert.False(string.IsNullOrEmpty(p.Name["nb"])));
        Assert.NotEmpty(model.ProcessorActivities);
    }

    [Fact]
    public void A_purpose_without_a_legal_basis_is_refused_at_its_line()
    {
        var yaml = Replace("    legalBasis: contract\n    categories: [contact-details]\n", "    categories: [contact-details]\n");

        var error = SingleError(yaml, "purposes[5].legalBasis");

        Assert.Equal(LineOf(yaml, "  - id: customer-relationship"), error.Line);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consent_based_purpose_without_consent_is_refused()
    {
        var yaml = Replace("    legalBasis: consent\n    consent: { category: analytics }\n", "    legalBasis: consent\n");

        var error = SingleError(yaml, "purposes[2].consent");

        Assert.Contains("rests on consent", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "  - id: site-statistics"), error.Line);
    }

    [Fact]
    public void A_recipient_outside_the_EEA_without_a_transfer_mechanism_is_refused()
    {
        var yaml = Replace("    transfer:\n      mechanism: scc\n      module: \"3\"\n      assessmentDate: 2024-05-20\n", "");

        var error = SingleError(yaml, "recipients[4].transfer");

        Assert.Contains("outside the EU/EEA", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "  - id: postmark"), error.Line);
    }

    [Fact]
    public void A_category_without_a_retention_rule_is_refused()
    {
        var yaml = Replace("subjects:\n  - id: website-visitors", """
              - id: health-data
                name: { en: Health data, nb: Helseopplysninger }
                special: true
            subjects:
              - id: website-visitors
            """.Replace("\n    ", "\n", StringComparison.Ordinal).TrimStart().Insert(0, "  "));

        var error = SingleError(yaml, "categories[7]");

        Assert.Contains("'health-data' has no retention rule", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "  - id: health-data"), error.Line);
    }

    [Fact]
    public void A_reference_to_an_unknown_id_is_refused_where_it_is_written()
    {
        var yaml = Replace("    categories: [contract-billing, contact-details]", "    categories: [contract-billing, bank-details]");

        var error = SingleError(yaml, "purposes[6].categories[1]");

        Assert.Equal("'bank-details' is not a known category.", error.Message);
        Assert.Equal(LineOf(yaml, "[contract-billing, bank-details]"), error.Line);
    }

    [Fact]
    public void A_legitimate_interest_without_its_balancing_assessment_is_refused()
    {
        var start = Default.IndexOf("    legitimateInterest:", StringComparison.Ordinal);
        var end = Default.IndexOf("    categories: [online-identifiers, device-data]", StringComparison.Ordinal);
        var yaml = Default.Remove(start, end - start);

        var error = SingleError(yaml, "purposes[0].legitimateInterest");

        Assert.Contains("balancing assessment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unquoted_comma_that_splits_a_text_is_refused()
    {
        var yaml = Replace("source: { en: Your employer, nb: Arbeidsgiveren din }", "source: { en: Your employer, who signed, nb: Arbeidsgiveren din }");

        var error = SingleError(yaml, "purposes[6].source");

        Assert.Contains("'who signed' is not a language", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var yaml = Replace("  name: Nordlys Analytics AS\n", "  name: Nordlys Analytics AS\n  address: \"unclosed\n    nested: [x\n  : y\n");

        var result = ModelParser.Parse(yaml, "privacy-model.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("(syntax)", error.Field);
        Assert.InRange(error.Line, LineOf(yaml, "\"unclosed"), LineOf(yaml, "\"unclosed") + 3);
    }

    [Fact]
    public async Task Model_check_prints_each_problem_as_file_line_field_and_exits_1()
    {
        var directory = Directory.CreateTempSubdirectory("vern-model-").FullName;
        var bad = Path.Combine(directory, "company.yaml");
        var good = Path.Combine(directory, "good.yaml");
        var yaml = Replace("    legalBasis: contract\n    categories: [contact-details]\n", "    categories: [contact-details]\n");
        await File.WriteAllTextAsync(bad, yaml);
        await File.WriteAllTextAsync(good, Default);

        var refused = await VernProcess.RunAsync(["model", "check", bad]);
        var accepted = await VernProcess.RunAsync(["model", "check", good]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"company.yaml:{LineOf(yaml, "  - id: customer-relationship")}: purposes[5].legalBasis: is required.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("good.yaml is valid", accepted.Output, StringComparison.Ordinal);
    }
}
