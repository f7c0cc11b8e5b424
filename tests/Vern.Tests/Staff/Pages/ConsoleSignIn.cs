using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff.Pages;

/// <summary>Signing in through the real pages, for tests whose subject is what comes after.</summary>
internal static partial class ConsoleSignIn
{
    /// <summary>Password, then the authenticator code when the account has one; ends on the overview.</summary>
    public static async Task AsAsync(IPage page, string email, string? totpSecret = null)
    {
        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(email, StaffSessions.Password);
        if (totpSecret is not null)
        {
            var twoFactor = new LoginTwoFactorPage(page);
            await Expect(twoFactor.Heading).ToBeVisibleAsync();
            await twoFactor.VerifyAsync(StaffSessions.CurrentCode(totpSecret));
        }
        await Expect(page).ToHaveURLAsync(OverviewUrl());
        await Expect(new OverviewPage(page).SignedInAs).ToContainTextAsync(email);
    }

    // A fragment survives the redirect after the form is posted (the skip link adds #main).
    [GeneratedRegex("/admin(#[a-z]*)?$")]
    public static partial Regex OverviewUrl();
}
