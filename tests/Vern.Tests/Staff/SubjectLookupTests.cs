using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class SubjectLookupTests(BrowserFixture browser)
{
    private const string Support = "sam@example.com";
    private const string Officer = "olga@example.com";
    private const string Reason = "Access request received by e-mail";

    [Fact]
    public async Task Support_sees_a_person_only_after_giving_a_reason_and_the_privacy_officer_sees_the_view_in_the_audit_trail()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, Support, "support");
        var officerSecret = await StaffSessions.CreateAsync(app, Officer, "privacy-officer", withAuthenticator: true);
        await TestSubjects.AddAsync(app, TestSubjects.Ada);

        await using (var support = await browser.OpenAsync(app))
        {
            var page = support.Page;
            await ConsoleSignIn.AsAsync(page, Support);
            var subjects = await new SubjectsPage(page).OpenAsync();
            await subjects.FindAsync("ada@example.com");
            await Expect(subjects.ShowButton).ToBeVisibleAsync();
            await Expect(page.GetByText("Ada Lovelace")).ToHaveCountAsync(0);

            // An empty reason never leaves the browser; a blank one is refused by the server.
            await subjects.ShowButton.ClickAsync();
            Assert.True(await subjects.Reason.EvaluateAsync<bool>("input => input.validity.valueMissing"), "The browser accepted an empty reason.");
            await subjects.ShowAsync("   ");
            await Expect(subjects.Error).ToHaveTextAsync("Give a reason: it is recorded with the view.");
            await Expect(subjects.Details).ToHaveCountAsync(0);

            await subjects.ShowAsync(Reason);
            await Expect(subjects.Details).ToContainTextAsync("Ada Lovelace");
            await Expect(subjects.Details).ToContainTextAsync("Analytical AS");
        }

        await using var officer = await browser.OpenAsync(app);
        await ConsoleSignIn.AsAsync(officer.Page, Officer, officerSecret);
        var audit = await new AuditPage(officer.Page).OpenAsync();
        var viewed = audit.Rows("subject.viewed");
        await Expect(viewed).ToHaveCountAsync(1);
        await Expect(viewed).ToContainTextAsync(Reason);
        await Expect(viewed).ToContainTextAsync(Support);
    }

    [Fact]
    public async Task A_restricted_person_is_shown_only_for_a_ground_of_Art_18_2_which_the_audit_records()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, Support, "support");
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).RestrictedAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }

        await using var support = await browser.OpenAsync(app);
        var page = support.Page;
        await ConsoleSignIn.AsAsync(page, Support);
        var subjects = await new SubjectsPage(page).OpenAsync();
        await subjects.FindAsync("ada@example.com");
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Processing restricted since 2 November 2026");
        await Accessibility.AssertNoViolationsAsync(page);

        // A reason alone is not enough; the server refuses it even when the browser's check is bypassed.
        await page.EvaluateAsync("() => document.querySelectorAll('input[name=Ground]').forEach(r => r.required = false)");
        await subjects.ShowAsync(Reason);
        await Expect(subjects.Error).ToContainTextAsync("choose the ground in GDPR Art. 18(2)");
        await Expect(subjects.Details).ToHaveCountAsync(0);

        await page.GetByLabel("To establish, exercise or defend legal claims").CheckAsync();
        await subjects.ShowAsync(Reason);
        await Expect(subjects.Details).ToContainTextAsync("Ada Lovelace");

        await using var check = app.CreateScope();
        var viewed = await check.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.SingleAsync(e => e.Action == "subject.viewed");
        Assert.Contains("Art. 18(2) ground: legal-claims", viewed.Details, StringComparison.Ordinal);
    }
}
