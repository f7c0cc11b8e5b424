using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Breaches;

/// <summary>
/// In Chromium: a support agent reports an incident in under a minute and every console page shows its deadline; the
/// privacy officer completes it, assesses it, reads the notification for the authority and records its submission, after
/// which the warning is gone. Each page passes axe.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class IncidentBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Support_reports_an_incident_and_the_privacy_officer_assesses_and_notifies_it_with_the_deadline_on_every_page()
    {
        await using var app = await TestApp.StartAsync();
        var supportSecret = await StaffSessions.CreateAsync(app, "sam@example.com", "support", withAuthenticator: true);
        var officerSecret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);

        await using var supportSession = await browser.OpenAsync(app);
        var support = supportSession.Page;
        await (await new LoginPage(support).OpenAsync()).SignInAsync("sam@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(support).VerifyAsync(StaffSessions.CurrentCode(supportSecret!));
        await support.GetByRole(AriaRole.Link, new() { Name = "Incidents", Exact = true }).ClickAsync();
        await support.GetByRole(AriaRole.Link, new() { Name = "Report an incident" }).ClickAsync();
        await support.GetByLabel("In a few words").FillAsync("Invoice PDFs e-mailed to the wrong customer");
        await support.GetByLabel("What happened, and what data may be involved").FillAsync("A mail merge paired 12 invoices with the wrong addresses.");
        await Accessibility.AssertNoViolationsAsync(support);
        await support.GetByRole(AriaRole.Button, new() { Name = "Report the incident" }).ClickAsync();
        await Expect(support.GetByRole(AriaRole.Status)).ToContainTextAsync("the incident was reported");
        var warning = support.GetByRole(AriaRole.Complementary, new() { Name = "Personal data breach: notify Datatilsynet within 72 hours" });
        await Expect(warning).ToContainTextAsync("Invoice PDFs e-mailed to the wrong customer: 71 h left to notify");
        await Accessibility.AssertNoViolationsAsync(support);

        await using var officerSession = await browser.OpenAsync(app);
        var officer = officerSession.Page;
        await (await new LoginPage(officer).OpenAsync()).SignInAsync("olga@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(officer).VerifyAsync(StaffSessions.CurrentCode(officerSecret!));
        await officer.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Link, new() { Name = "Invoice PDFs e-mailed to the wrong customer" }).ClickAsync();
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Contract and billing data" }).CheckAsync();
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Contact persons at customers and prospects" }).CheckAsync();
        await officer.GetByLabel("Approximate number of people").FillAsync("twelve");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(officer.GetByText("A whole number from 0 to 100000000.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(officer);
        await officer.GetByLabel("Approximate number of people").FillAsync("12");
        await officer.GetByLabel("Likely consequences").FillAsync("Customers learn each other's amounts due.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved, and added to the timeline.");
        await officer.GetByRole(AriaRole.Radio, new() { Name = "a risk: Datatilsynet is notified within 72 hours" }).CheckAsync();
        await officer.GetByLabel("Reasoning").FillAsync("Financial details of business contacts; no special categories.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync();
        await Expect(officer.GetByText("Risk assessed as a risk: Financial details of business contacts; no special categories.")).ToBeVisibleAsync();

        await officer.GetByRole(AriaRole.Link, new() { Name = "The notification to Datatilsynet" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Name = "Notification of a personal data breach (GDPR Article 33)" })).ToBeVisibleAsync();
        await Expect(officer.GetByText("Contract and billing data")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(officer);
        await officer.GetByRole(AriaRole.Link, new() { Name = "Back to the incident" }).ClickAsync();
        await officer.GetByLabel("How, and its reference").FillAsync("Altinn breach form, reference AR-77");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Record the notification" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved, and added to the timeline.");
        await Expect(officer.GetByRole(AriaRole.Complementary)).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(officer);

        // Reassessed as a high risk: the people affected are listed and told on a page of their own.
        await officer.GetByRole(AriaRole.Radio, new() { Name = "a high risk: Datatilsynet and the people affected are notified" }).CheckAsync();
        await officer.GetByLabel("Reasoning").FillAsync("The amounts reveal payment difficulties.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "The people affected and their notice (Art. 34)" }).ClickAsync();
        await officer.GetByLabel("E-mail address of a person in the vault").FillAsync("nobody@example.com");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Add the person" }).ClickAsync();
        await Expect(officer.GetByText("No one with that e-mail address is in the vault.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(officer);

        await officer.GetByRole(AriaRole.Link, new() { Name = "Incidents", Exact = true }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Row, new() { Name = "Invoice PDFs e-mailed to the wrong customer" })).ToContainTextAsync("a high risk");
        await Accessibility.AssertNoViolationsAsync(officer);
    }
}
