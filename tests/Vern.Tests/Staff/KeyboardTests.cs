using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task Tab_reaches_the_skip_link_then_email_password_and_the_button_each_with_a_visible_focus_ring()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "sam@example.com", "support");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();

        await page.Keyboard.PressAsync("Tab");
        await AssertFocusedAndOutlinedAsync(login.SkipLink);
        await Expect(login.SkipLink).ToBeInViewportAsync();

        // Following the skip link moves past the header, so the next Tab lands in the form.
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusedAndOutlinedAsync(login.Email);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusedAndOutlinedAsync(login.Password);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusedAndOutlinedAsync(login.SignInButton);
    }

    [Fact]
    public async Task A_keyboard_user_signs_in_without_a_mouse()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "mia@example.com", "marketing");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("mia@example.com");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(StaffSessions.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(ConsoleSignIn.OverviewUrl());
        await Expect(new OverviewPage(page).SignedInAs).ToContainTextAsync("mia@example.com");
    }

    private static async Task AssertFocusedAndOutlinedAsync(ILocator element)
    {
        await Expect(element).ToBeFocusedAsync();
        var outline = await element.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.False(outline.StartsWith("none", StringComparison.Ordinal) || outline.EndsWith(" 0px", StringComparison.Ordinal),
            $"The focused element has no visible outline ({outline}).");
    }
}
