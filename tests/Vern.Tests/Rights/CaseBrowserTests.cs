using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Rights;

[Collection(UsesBrowser.Name)]
public sealed class CaseBrowserTests(BrowserFixture browser)
{
    private const string Officer = "olga@example.com";

    [Fact]
    public async Task A_privacy_officer_logs_a_request_without_JavaScript_errors_and_the_form_and_case_page_meet_WCAG_2_1_AA()
    {
        // Staff handle this case by hand; the background fulfilment would close it under the test.
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        var secret = await StaffSessions.CreateAsync(app, Officer, "privacy-officer", withAuthenticator: true);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await ConsoleSignIn.AsAsync(page, Officer, secret);

        await page.GotoAsync("/admin/requests/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log a request", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // A server-side refusal, announced as an alert, must read as well as the form itself.
        await page.GetByLabel("Right asked for").SelectOptionAsync("access");
        await page.GetByLabel("The person's e-mail address").FillAsync("letter@example.no");
        await page.GetByLabel("Identity already verified").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the request" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say how you verified");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("How the identity was verified").FillAsync("Signed letter matching the customer record");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the request" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The request is logged.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extend the deadline" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Reason, as the person will read it").First.FillAsync("Your account spans three systems.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend and notify the person" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The due date is now");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/admin/requests");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Data-subject requests", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
