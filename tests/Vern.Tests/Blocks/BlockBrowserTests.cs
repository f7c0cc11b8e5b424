using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Blocks;

/// <summary>
/// In Chromium: support blocks a person from the console (after its mistakes are shown), the person contests the block
/// in the privacy centre, and support finds the contest with its deadline, reads the statement and lifts the block. Each
/// page passes axe, with and without its mistakes shown.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class BlockBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Support_blocks_a_person_who_contests_in_the_privacy_centre_and_support_lifts_the_block()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, "sam@example.com", "support", withAuthenticator: true);

        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await (await new LoginPage(page).OpenAsync()).SignInAsync("sam@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(page).VerifyAsync(StaffSessions.CurrentCode(secret!));
        await page.GetByRole(AriaRole.Link, new() { Name = "Blocks", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No block placed.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("E-mail address").FillAsync("mallory@example.net");
        await page.GetByLabel("Why (the concrete suspicion)").FillAsync("Three stolen cards used to sign up within a day.");
        await page.GetByLabel("Last day of the block").FillAsync("2026-12-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block and tell the person" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Nobody was blocked: correct the fields marked below.");
        await Expect(page.GetByText("The last day must be after today and at most 365 days ahead")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Last day of the block").FillAsync("2027-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block and tell the person" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Blocked. The person was sent the notice with the way to contest it.");
        await Expect(page.GetByText("Three stolen cards used to sign up within a day.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        var blockPage = page.Url;

        // The person, in the privacy centre, in Norwegian.
        var visitor = await page.Context.NewPageAsync();
        await visitor.GotoAsync("/privacy?lang=nb");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Bestrid en sperring" }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Bestrid en sperring" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(visitor);
        await visitor.GetByLabel("E-postadressen din").FillAsync("mallory@example.net");
        await visitor.GetByLabel("Hvorfor sperringen er feil (valgfritt)").FillAsync("Kortene er mine; banken kan bekrefte det.");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Status)).ToContainTextAsync("et menneske svarer deg på e-post");
        await Accessibility.AssertNoViolationsAsync(visitor);

        await page.GotoAsync("/admin/blocks");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Contest received 2026-12-07 09:00 UTC" })).ToBeVisibleAsync();
        await Expect(page.GetByText("review by 2026-12-14 09:00 UTC")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync(blockPage);
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the person's statement" }).ClickAsync();
        await Expect(page.GetByText("Kortene er mine; banken kan bekrefte det.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Lift the block" }).CheckAsync();
        await page.GetByLabel("Reasons, sent to the person").FillAsync("The bank confirmed the cards are the person's own.");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the outcome and tell the person" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(page.GetByText("Decided 2026-12-07 09:00 UTC by sam@example.com: lifted.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Definition).Filter(new() { HasText = "lifted" }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
