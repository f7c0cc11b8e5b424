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
}
