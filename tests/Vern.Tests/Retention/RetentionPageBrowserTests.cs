using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Features.Logs;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Retention;

[Collection(UsesBrowser.Name)]
public sealed class RetentionPageBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_auditor_sees_every_rule_what_each_run_disposed_of_and_on_asking_what_is_due_in_counts_only()
    {
        var logs = Directory.CreateTempSubdirectory("vern-logs-").FullName;
        var backups = Directory.CreateTempSubdirectory("vern-backups-").FullName;
        await File.WriteAllTextAsync(Path.Combine(logs, "vern-20270110.log"), "a line");
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { [LogDirectory.Setting] = logs, [BackupDirectory.Setting] = backups });
        var secret = await StaffSessions.CreateAsync(app, "aud@example.com", "auditor", withAuthenticator: true);
        var ada = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            // Ada's last contact was three years ago; the shipped rule keeps contacts for two.
            db.Submissions.Add(new Submission
            {
                Id = Guid.NewGuid(),
                SubjectId = ada,
                Form = "contact",
                Purpose = "customer-relationship",
                SubmittedAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddYears(-3),
            });
            await db.SaveChangesAsync();
            var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
            var backup = scope.ServiceProvider.GetRequiredService<BackupDirectory>().NewFile(TimeProvider.System.GetUtcNow(), settings.Provider);
            await TakeBackup.HandleAsync(db, settings, scope.ServiceProvider.GetRequiredService<KeyStore>(), TimeProvider.System, backup, force: false, CancellationToken.None);
        }
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync("aud@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(page).VerifyAsync(StaffSessions.CurrentCode(secret!));
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Retention" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retention", Level = 1 })).ToBeVisibleAsync();
        var rules = page.GetByRole(AriaRole.Table, new() { Name = "Rules, the purposes they serve" });
        await Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years" })).ToContainTextAsync("customer-relationship");
        await Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years" })).ToContainTextAsync("Vern: subjects");
        await Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "contract-end-of-licence" })).ToContainTextAsync("Our accounting system");
        // Viewing the page counts nothing: what is due appears only once someone asks for the dry run.
        var due = page.GetByRole(AriaRole.Table, new() { Name = "What the next run would dispose of" });
        await Expect(due).ToHaveCountAsync(0);
        await Expect(page.GetByText("No run yet")).ToBeVisibleAsync();
        var files = page.GetByRole(AriaRole.Table, new() { Name = "Vern's own files" });
        var logRow = files.GetByRole(AriaRole.Row).Filter(new() { HasText = "logs-90-days" });
        await Expect(logRow).ToContainTextAsync(logs);
        await Expect(logRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Expect(logRow).ToContainTextAsync("2027-01-10");
        var backupRow = files.GetByRole(AriaRole.Row).Filter(new() { HasText = "backups-35-days" });
        await Expect(backupRow).ToContainTextAsync(backups);
        await Expect(backupRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Expect(backupRow).ToContainTextAsync(TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Accessibility.AssertNoViolationsAsync(page);

        var dryRun = page.GetByRole(AriaRole.Button, new() { Name = "Count what the next run would dispose of" });
        await dryRun.ClickAsync();
        var contacts = due.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years" });
        await Expect(contacts).ToContainTextAsync("subjects 1");
        await Expect(due.GetByRole(AriaRole.Row).Filter(new() { HasText = "backups-35-days" })).ToContainTextAsync("backups 0");
        await Expect(due.GetByRole(AriaRole.Row).Filter(new() { HasText = "contract-end-of-licence" })).ToHaveCountAsync(0);
        // The dry run is a view: the files and the rules are as they were.
        await Expect(backupRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Expect(page.GetByText("No run yet")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
        await page.GotoAsync("/admin/retention");

        await Expect(due).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Records disposed of per run" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years (subjects): 1" })).ToHaveCountAsync(1);
        await dryRun.ClickAsync();
        await Expect(contacts).ToContainTextAsync("subjects 0");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Ada");
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
