using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Disclosures;

/// <summary>
/// In Chromium: the privacy officer opens the disclosure register from the menu, records a gagged disclosure (after a
/// person the vault does not know is refused), moves the gag's review date, lifts it, and finds it in the register. Each
/// page passes axe, with and without its mistakes shown.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class DisclosureBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_privacy_officer_records_a_gagged_disclosure_moves_its_review_date_and_lifts_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        await DisclosureTests.AddPersonAsync(app, "ola@example.no");

        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await (await new LoginPage(page).OpenAsync()).SignInAsync("olga@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(page).VerifyAsync(StaffSessions.CurrentCode(secret!));
        await page.GetByRole(AriaRole.Link, new() { Name = "Disclosures", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No disclosure recorded.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a disclosure" }).ClickAsync();
        await page.GetByLabel("Recipient").SelectOptionAsync(new SelectOptionValue { Label = "Skatteetaten (Norwegian Tax Administration)" });
        await page.GetByLabel("Statute that obliged the disclosure").FillAsync("Skatteforvaltningsloven § 10-2");
        await page.GetByLabel("Reference of the order or request").FillAsync("SKE-2026-4411");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Contract and billing data" }).CheckAsync();
        await page.GetByLabel("E-mail addresses of the people concerned, one a line").FillAsync("ola@example.no\nnobody@example.no");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "The order forbids telling the people concerned" }).CheckAsync();
        await page.GetByLabel("Review the gag on").FillAsync("2027-03-01");
        await page.GetByLabel("Why they may not be told").FillAsync("The control may not be disclosed while it runs.");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the disclosure" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Nothing was recorded: correct the fields marked below.");
        await Expect(page.GetByText("Not found in the vault: nobody@example.no.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("E-mail addresses of the people concerned, one a line").FillAsync("ola@example.no");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the disclosure" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The disclosure was recorded, and audited for each person concerned.");
        await Expect(page.GetByText("Kept from the people concerned until 2027-03-01")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("New review date").FillAsync("2027-06-01");
        await page.GetByLabel("Why the people may still not be told").FillAsync("The control was extended.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move the review date" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The gag's review date was moved.");
        await Expect(page.GetByText("gag-extended: 2027-06-01: The control was extended.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lift the gag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The gag was lifted");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "2026-12-07" })).ToContainTextAsync("lifted");
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
