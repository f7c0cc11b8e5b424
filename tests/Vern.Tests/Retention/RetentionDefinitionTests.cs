using Vern.Features.Backups;
using Vern.Features.Logs;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>A retention promise Vern cannot keep is refused where the definition is written, never kept silently.</summary>
public sealed class RetentionDefinitionTests
{
    private static readonly string Default = ModelStore.DefaultYaml();

    private static string Replace(string text, string replacement)
    {
        Assert.Contains(text, Default, StringComparison.Ordinal);
        return Default.Replace(text, replacement, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moment_Vern_does_not_know_is_refused_by_model_check_unless_the_rule_names_who_carries_it_out()
    {
        var unknown = Replace("    startsAt: last-activity\n", "    startsAt: last-invoice\n");
        var error = Assert.Single(ModelParser.Parse(unknown, "privacy-model.yaml").Errors, e => e.Field == "retention[3].startsAt");
        Assert.Contains("'last-invoice'", error.Message, StringComparison.Ordinal);
        Assert.Contains("carriedOutBy", error.Message, StringComparison.Ordinal);

        var elsewhere = unknown.Replace("    startsAt: last-invoice\n", "    startsAt: last-invoice\n    carriedOutBy: Our CRM deletes contacts two years after the last invoice.\n", StringComparison.Ordinal);
        Assert.True(ModelParser.Parse(elsewhere, "privacy-model.yaml").IsValid);
    }

    [Theory]
    [InlineData("backups: backups-35-days\n", "backups: backups-monthly\n", "'backups-monthly' is not a known retention rule.")]
    [InlineData("logs: logs-90-days\n", "logs: contacts-2-years\n", "Retention rule 'contacts-2-years' must start at collection")]
    [InlineData("    period: P35D\n", "    period: 35 days\n", "Retention rule 'backups-35-days' has no valid period")]
    public void The_rules_for_logs_and_backups_must_exist_count_from_collection_and_have_a_period(string text, string replacement, string message)
    {
        var field = text.StartsWith("logs", StringComparison.Ordinal) ? "logs" : "backups";
        var error = Assert.Single(ModelParser.Parse(Replace(text, replacement), "privacy-model.yaml").Errors, e => e.Field == field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_no_feature_carries_out_is_refused_when_saved_naming_the_rule_and_the_features()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<ModelStore>();
        var before = store.Current.Version;
        // The contract rule's records are in the accounting system; without saying so, the rule would be an empty promise.
        var start = Default.IndexOf("  - id: contract-end-of-licence", StringComparison.Ordinal);
        var carried = Default.IndexOf("    carriedOutBy:", start, StringComparison.Ordinal);
        var description = Default.IndexOf("    description:", carried, StringComparison.Ordinal);
        var silent = Default[..carried] + Default[description..];

        var errors = await store.SaveAsync(silent, "officer@example.com", null, writeFile: false, CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal("retention", error.Field);
        Assert.Contains("'contract-end-of-licence'", error.Message, StringComparison.Ordinal);
        Assert.Contains("consent (consent-withdrawn-or-expired)", error.Message, StringComparison.Ordinal);
        Assert.Contains("subjects (collection, last-activity, unsubscribed)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, store.Current.Version);
    }

    [Fact]
    public async Task A_rule_that_anonymises_records_a_feature_can_only_delete_is_refused_naming_both()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<ModelStore>();
        // The consent ledger's records are evidence kept whole or not at all: reduced to totals they prove nothing.
        var start = Default.IndexOf("  - id: consent-5-years", StringComparison.Ordinal);
        var action = Default.IndexOf("    action: delete\n", start, StringComparison.Ordinal);
        var anonymising = Default[..action] + "    action: anonymise\n" + Default[(action + "    action: delete\n".Length)..];

        var errors = await store.SaveAsync(anonymising, "officer@example.com", null, writeFile: false, CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal("retention", error.Field);
        Assert.StartsWith("Retention rule 'consent-5-years' anonymises, and the records of 'consent' it covers can only be deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_check_refuses_a_rule_no_feature_of_this_build_carries_out()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vern-model-").FullName, "company.yaml");
        await File.WriteAllTextAsync(file, Replace("    startsAt: last-activity\n", "    startsAt: end-of-financial-year\n"));

        var refused = await VernProcess.RunAsync(["model", "check", file]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("company.yaml:0: retention: Retention rule 'contacts-2-years' starts at 'end-of-financial-year'", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_the_consent_evidence_purpose_keeps_its_rule_but_dropping_the_rule_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<ModelStore>();

        var renamed = Default.Replace("consent-evidence", "proof-of-consent", StringComparison.Ordinal);
        Assert.Empty(await store.SaveAsync(renamed, "officer@example.com", null, writeFile: false, CancellationToken.None));

        // The purpose keeps its evidence under the analytics rule instead: no rule counts from the end of a consent any more.
        var dropped = Replace("    retention: consent-5-years\n", "    retention: analytics-13-months\n");
        var error = Assert.Single(await store.SaveAsync(dropped, "officer@example.com", null, writeFile: false, CancellationToken.None));
        Assert.Contains("'consent'", error.Message, StringComparison.Ordinal);
        Assert.Contains("consent-withdrawn-or-expired", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logs: logs-90-days\n", LogDirectory.Setting, "logs")]
    [InlineData("backups: backups-35-days\n", BackupDirectory.Setting, "backups")]
    public async Task Vern_does_not_start_with_a_directory_for_its_files_and_no_rule_for_them_in_the_definition(string text, string setting, string key)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, ModelStore.FileName), Replace(text, ""));
        var files = Directory.CreateTempSubdirectory("vern-files-").FullName;

        var failure = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(dataDirectory: dataDirectory, settings: new Dictionary<string, string?> { [setting] = files }));

        Assert.Contains($"{setting} is set", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"add '{key}: <rule id>' at its top level", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_directories_for_its_files_the_definition_need_not_name_rules_for_them()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, ModelStore.FileName), Replace("logs: logs-90-days\nbackups: backups-35-days\n", ""));

        await using var app = await TestApp.StartAsync(dataDirectory: dataDirectory);

        Assert.Empty(app.Get<ModelStore>().Current.Model.Keeps);
    }

    [Fact]
    public async Task Model_check_refuses_a_definition_with_no_rule_for_the_log_files_of_a_configured_log_directory()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vern-model-").FullName, "company.yaml");
        await File.WriteAllTextAsync(file, Replace("logs: logs-90-days\n", ""));
        var logs = Directory.CreateTempSubdirectory("vern-logs-").FullName;

        var refused = await VernProcess.RunAsync(["model", "check", file], environment: new Dictionary<string, string> { ["Vern__Logs__Directory"] = logs });

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("company.yaml:0: retention: Vern:Logs:Directory is set, so Vern keeps logs there, but the definition names no rule for them: add 'logs: <rule id>'",
            refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vern_does_not_start_with_a_stored_definition_whose_retention_it_cannot_keep()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        var silent = Replace("    startsAt: last-activity\n", "    startsAt: end-of-financial-year\n");
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, ModelStore.FileName), silent);

        var failure = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(dataDirectory: dataDirectory));

        Assert.Contains("'contacts-2-years'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("end-of-financial-year", failure.Message, StringComparison.Ordinal);
    }
}
