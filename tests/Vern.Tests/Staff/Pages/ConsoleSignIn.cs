using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff.Pages;

/// <summary>Signing in through the real pages, for tests whose subject is what comes after.</summary>
internal static partial class ConsoleSignIn
{
    /// <summary>
    /// Password, then the authenticator code when the account has one, or setting one up when the role
    /// needs it (the secret is remembered for the next sign-in); ends on the overview.
    /// </summary>
    public static async Task AsAsync(IPage page, string email, string? totpSecret = null)
    {
        var login = await new LoginPage(page).OpenAsync();
        var site = new Uri(page.Url);
        await login.SignInAsync(email, StaffSessions.Password);
        await page.WaitForURLAsync(AfterPassword());
        if (page.Url.Contains("/account/two-factor", StringComparison.Ordinal))
        {
            var enrolment = new TwoFactorEnrolmentPage(page);
            var secret = await enrolment.ReadSharedKeyAsync();
            await enrolment.TurnOnAsync(StaffSessions.CurrentCode(secret));
            StaffSessions.Remember(site, email, secret);
        }
        else if (page.Url.Contains("/login/two-factor", StringComparison.Ordinal))
        {
            var twoFactor = new LoginTwoFactorPage(page);
            await Expect(twoFactor.Heading).ToBeVisibleAsync();
            await twoFactor.VerifyAsync(StaffSessions.CurrentCode(totpSecret ?? StaffSessions.KnownSecret(site, email)!));
        }
        await Expect(page).ToHaveURLAsync(OverviewUrl());
        await Expect(new OverviewPage(page).SignedInAs).ToContainTextAsync(email);
    }

    [GeneratedRegex("/admin(/login/two-factor|/account/two-factor)?([?#].*)?$")]
    private static partial Regex AfterPassword();

    // A fragment survives the redirect after the form is posted (the skip link adds #main).
    [GeneratedRegex("/admin(#[a-z]*)?$")]
    public static partial Regex OverviewUrl();
}
