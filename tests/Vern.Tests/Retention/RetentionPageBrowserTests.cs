using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Retention;

[Collection(UsesBrowser.Name)]
public sealed class RetentionPageBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_auditor_sees_every_rule_what_is_due_and_what_each_run_disposed_of_in_counts_only()
    {
        await using var app = await TestApp.StartAsync();
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
        var contacts = rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years" });
        await Expect(contacts).ToContainTextAsync("customer-relationship");
        await Expect(contacts).ToContainTextAsync("subjects 1");
        await Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "contract-end-of-licence" })).ToContainTextAsync("Our accounting system");
        await Expect(page.GetByText("No run yet")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
        await page.ReloadAsync();

        await Expect(contacts).ToContainTextAsync("subjects 0");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Records disposed of per run" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "contacts-2-years (subjects): 1" })).ToHaveCountAsync(1);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Ada");
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
