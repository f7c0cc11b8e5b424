using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_public_pages_and_the_login_page_meet_WCAG_2_1_AA()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "sam@example.com", "support");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        foreach (var (path, heading) in new[] { ("/", "Product analytics that respects people"), ("/privacy", "Privacy centre"), ("/admin/account/set-password?id=x&token=y", "Choose your password"), (LoginPage.Path, "Sign in to the console") })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);
        }

        // The error is announced as an alert and must read as well as the form around it.
        var login = new LoginPage(page);
        await login.SignInAsync("sam@example.com", "not my passphrase at all");
        await Expect(login.Error).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task The_console_pages_meet_WCAG_2_1_AA_for_a_signed_in_privacy_officer()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync("olga@example.com", StaffSessions.Password);
        var twoFactor = new LoginTwoFactorPage(page);
        await Expect(twoFactor.Heading).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await twoFactor.VerifyAsync(StaffSessions.CurrentCode(secret!));
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        var subjects = await new SubjectsPage(page).OpenAsync();
        await subjects.FindAsync("ada@example.com");
        await subjects.ShowAsync("Checking an access request");
        await Expect(subjects.Details).ToContainTextAsync("Ada Lovelace");
        await Accessibility.AssertNoViolationsAsync(page);

        var audit = await new AuditPage(page).OpenAsync();
        await Expect(audit.Rows("subject.viewed")).ToHaveCountAsync(1);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/admin/staff");
        await page.GetByLabel("E-mail").FillAsync("kari@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created kari@example.com as support");
        await Accessibility.AssertNoViolationsAsync(page);

        // A draft's page, with the publish form and its choice of who is sent the notice; the subscriber import.
        await page.GotoAsync("/admin/policies");
        await page.GetByLabel("Or paste it here").FillAsync("---\ntitle: Privacy policy\n---\nWe changed how the newsletter works.\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import as draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Send the notice to the people held for" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync("/admin/newsletter/import");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import subscribers" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // A customer: the form refused with its errors, then added, a contact added, and the contacts opened.
        await page.GotoAsync("/admin/customers/new");
        await page.GetByLabel("Organisation").FillAsync("Lindqvist Retail AB");
        await page.GetByLabel("Country (ISO code)").FillAsync("SE");
        await page.GetByLabel("Licence starts").FillAsync("2026-01-01");
        await page.GetByLabel("Regions the customer allows its data in").FillAsync("EEA");
        await page.GetByLabel("Nordlys Analytics (the licensed product)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the customer" }).ClickAsync();
        await Expect(page.GetByLabel("Regions the customer allows its data in")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("outside the regions the customer allows"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Regions the customer allows its data in").FillAsync("EEA, US");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the customer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The customer was added.");
        await page.GetByLabel("Name").FillAsync("Karin Lindqvist");
        await page.GetByLabel("E-mail address").FillAsync("karin@lindqvist.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The contact was added.");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "See who they are" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("karin@lindqvist.example");
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task The_two_factor_enrolment_and_denied_pages_meet_WCAG_2_1_AA()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync("olga@example.com", StaffSessions.Password);
        var enrolment = new TwoFactorEnrolmentPage(page);
        await Expect(enrolment.SharedKey).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync(AuditPage.Path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your role does not allow this page" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
