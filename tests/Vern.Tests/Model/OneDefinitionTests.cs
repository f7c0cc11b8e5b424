using System.Text.Json;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Model;

/// <summary>The policy, the cookie declaration, the sub-processor list and the Records come from one definition.</summary>
public sealed class OneDefinitionTests
{
    [Fact]
    public async Task Changing_the_definition_in_the_console_changes_the_policy_cookies_subprocessors_and_records_together()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "officer@example.com", secret);
        using var visitor = app.CreateClient();
        Assert.DoesNotContain("Plausible Insights OÜ", await visitor.GetStringAsync("/privacy/subprocessors"), StringComparison.Ordinal);

        // A new sub-processor with a new cookie, used by the statistics purpose.
        var yaml = ModelStore.DefaultYaml()
            .Replace("recipients:\n  - id: google\n", """
                recipients:
                  - id: plausible
                    name: Plausible Insights OÜ
                    address: Västriku tn 2, 50403 Tartu, Estonia
                    country: EE
                    role: sub-processor
                    service: { en: Cookieless page statistics., nb: Sidestatistikk uten informasjonskapsler. }
                    dpaDate: 2026-11-01
                    listedSince: 2026-11-01
                  - id: google

                """.Replace("\n                ", "\n", StringComparison.Ordinal).TrimStart(), StringComparison.Ordinal)
            .Replace("    recipients: [google, google-llc]\n", "    recipients: [google, google-llc, plausible]\n", StringComparison.Ordinal)
            .Replace("cookies:\n  - name: vern_consent\n", """
                cookies:
                  - name: plausible_ignore
                    provider: plausible
                    category: analytics
                    purpose: { en: Remembers that statistics should ignore you., nb: Husker at statistikken skal se bort fra deg. }
                    lifetime: P1Y
                    country: EE
                  - name: vern_consent

                """.Replace("\n                ", "\n", StringComparison.Ordinal).TrimStart(), StringComparison.Ordinal);
        var saved = await StaffSessions.PostFormAsync(officer, "/admin/model", new() { ["Yaml"] = yaml, ["Comment"] = "Add Plausible" });
        Assert.Contains("Saved as version 2.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var policy = await visitor.GetStringAsync("/privacy/policy");
        var cookies = await visitor.GetStringAsync("/privacy/cookies");
        var subprocessors = await visitor.GetStringAsync("/privacy/subprocessors");
        var feed = await visitor.GetStringAsync("/privacy/subprocessors.atom");
        var records = JsonDocument.Parse(await officer.GetStringAsync("/admin/ropa.json")).RootElement.ToString();

        Assert.Contains("Plausible Insights OÜ", policy, StringComparison.Ordinal);
        Assert.Contains("plausible_ignore", policy, StringComparison.Ordinal);
        Assert.Contains("plausible_ignore", cookies, StringComparison.Ordinal);
        Assert.Contains("1 year", cookies, StringComparison.Ordinal);
        Assert.Contains("Plausible Insights OÜ", subprocessors, StringComparison.Ordinal);
        Assert.Contains("Plausible Insights OÜ", feed, StringComparison.Ordinal);
        Assert.Contains("Plausible Insights OÜ", records, StringComparison.Ordinal);
        var audit = await officer.GetStringAsync("/admin/audit?Action=model.changed");
        Assert.Contains("version 2: Add Plausible", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_definition_from_the_console_is_refused_with_line_and_field_and_nothing_changes()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "officer@example.com", secret);
        var yaml = ModelStore.DefaultYaml().Replace("    legalBasis: consent\n    consent: { category: analytics }\n", "    legalBasis: consent\n", StringComparison.Ordinal);

        var response = await StaffSessions.PostFormAsync(officer, "/admin/model", new() { ["Yaml"] = yaml });

        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Not saved", page, StringComparison.Ordinal);
        Assert.Contains("<code>purposes[2].consent</code>", page, StringComparison.Ordinal);
        Assert.Equal(1, app.Get<ModelStore>().Current.Version);
        Assert.Equal(ModelStore.DefaultYaml(), await File.ReadAllTextAsync(app.Get<ModelStore>().FilePath));
    }
}
