using System.Text.RegularExpressions;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class PasswordSignInTests(BrowserFixture browser)
{
    private const string Email = "mia@example.com";

    [Fact]
    public async Task A_marketing_user_signs_in_with_email_and_password_and_lands_on_the_overview()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, Email, "marketing");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(Email, StaffSessions.Password);

        await Expect(page).ToHaveURLAsync(ConsoleSignIn.OverviewUrl());
        var overview = new OverviewPage(page);
        await Expect(overview.Heading).ToBeVisibleAsync();
        await Expect(overview.SignedInAs).ToContainTextAsync($"Signed in as {Email} (marketing)");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_password_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, Email, "marketing");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await login.SignInAsync(Email, $"not my passphrase, attempt {attempt}");
            await Expect(login.Error).ToHaveTextAsync("The e-mail address or password is wrong.");
        }
        // The lock is not announced: the page would tell a stranger that the address has an account.
        await login.SignInAsync(Email, "not my passphrase, attempt 5");
        await Expect(login.Error).ToHaveTextAsync("The e-mail address or password is wrong.");

        await login.SignInAsync(Email, StaffSessions.Password);
        await Expect(login.Error).ToHaveTextAsync("The e-mail address or password is wrong.");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login$"));

        // Refused means no session either: the console still sends this browser to the login page.
        await page.GotoAsync(OverviewPage.Path);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login\\?ReturnUrl=%2Fadmin$"));
    }
}
