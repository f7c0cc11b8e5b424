using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Staff;

[Collection(UsesBrowser.Name)]
public sealed class TwoFactorEnrolmentTests(BrowserFixture browser)
{
    private const string Email = "olga@example.com";

    [Fact]
    public async Task A_privacy_officer_without_an_authenticator_must_enrol_before_opening_the_audit_trail()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, Email, "privacy-officer");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(Email, StaffSessions.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/account/two-factor"));
        await Expect(page.GetByText("requires two-factor authentication before you can use the console")).ToBeVisibleAsync();

        var audit = await new AuditPage(page).OpenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/(denied|account/two-factor)"));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("two-factor");
        await Expect(audit.Heading).ToHaveCountAsync(0);

        var enrolment = await new TwoFactorEnrolmentPage(page).OpenAsync();
        await Expect(enrolment.QrCode).ToBeVisibleAsync();
        await Expect(enrolment.QrCode).ToHaveAttributeAsync("src", new Regex("^data:image/svg\\+xml"));
        Assert.True(await enrolment.QrCode.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "The QR code image did not render.");
        var key = await enrolment.ReadSharedKeyAsync();
        Assert.Matches("^[A-Z2-7]{16,}$", key);

        await enrolment.TurnOnAsync(StaffSessions.CurrentCode(key));
        await Expect(page).ToHaveURLAsync(ConsoleSignIn.OverviewUrl());

        await audit.OpenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/audit$"));
        await Expect(audit.Heading).ToBeVisibleAsync();
        await Expect(audit.Rows("staff.two-factor-enabled")).ToContainTextAsync(Email);
    }
}
