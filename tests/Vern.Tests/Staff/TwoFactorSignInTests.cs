using System.Text.RegularExpressions;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class TwoFactorSignInTests(BrowserFixture browser)
{
    private const string Email = "olga@example.com";

    [Fact]
    public async Task An_enrolled_privacy_officer_is_asked_for_a_code_and_a_wrong_code_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, Email, "privacy-officer", withAuthenticator: true);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(Email, StaffSessions.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login/two-factor"));
        var twoFactor = new LoginTwoFactorPage(page);
        await Expect(twoFactor.Heading).ToBeVisibleAsync();

        await twoFactor.VerifyAsync(TotpCodes.Wrong(secret!));
        await Expect(twoFactor.Error).ToContainTextAsync("That code is not valid");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login/two-factor"));

        await twoFactor.VerifyAsync(StaffSessions.CurrentCode(secret!));
        await Expect(page).ToHaveURLAsync(ConsoleSignIn.OverviewUrl());
        await Expect(new OverviewPage(page).SignedInAs).ToContainTextAsync($"Signed in as {Email} (privacy-officer)");

        // The code counts as the second factor: the pages reserved for it open.
        var audit = await new AuditPage(page).OpenAsync();
        await Expect(audit.Heading).ToBeVisibleAsync();
    }
}
