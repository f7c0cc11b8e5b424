using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// In Chromium, over a real SMTP server: the privacy officer sends the agreement to a customer's contact, the contact
/// accepts it from the e-mail, and the officer sees the evidence and downloads a receipt that verifies.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class AgreementBrowserTests(BrowserFixture browser)
{
    private const string Karin = "karin@lindqvist.example";

    [Fact]
    public async Task The_officer_sends_the_agreement_the_contact_accepts_it_from_the_email_and_the_evidence_verifies()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        var customerId = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin, "Data protection officer");
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await (await new LoginPage(page).OpenAsync()).SignInAsync("olga@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(page).VerifyAsync(StaffSessions.CurrentCode(secret!));
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();

        // The shipped agreement is published, with the definition's processor sections in it.
        await page.GotoAsync("/admin/customers");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Lindqvist Retail AB" })).ToContainTextAsync("Flagged: no agreement accepted");
        await page.GetByRole(AriaRole.Link, new() { Name = "The data processing agreement" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "1", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Our commitments in time" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync($"/admin/customers/{customerId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send version 1 to the contacts to accept" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The agreement was sent to 1 contact.");

        // The contact opens the e-mailed link in a browser of their own and accepts.
        var invitation = (await MailAsync(smtp, Karin, "Please accept version 1 of the data processing agreement with Nordlys Analytics AS")).Single();
        await using var contactSession = await browser.OpenAsync(app);
        var contact = contactSession.Page;
        await contact.GotoAsync(Link(invitation, "/dpa/accept/"));
        await contact.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        await Expect(contact.GetByText("Karin Lindqvist, you accept it on behalf of Lindqvist Retail AB.")).ToBeVisibleAsync();
        await Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Sub-processors" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(contact);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Accept on behalf of Lindqvist Retail AB" }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted.");
        var shownReceipt = await contact.GetByLabel("The signed receipt").InputValueAsync();
        await Accessibility.AssertNoViolationsAsync(contact);

        // The officer sees the evidence and downloads the receipt; it verifies with the published keys.
        await page.ReloadAsync();
        await Expect(page.GetByText("version 1 accepted")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
        var receipt = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(shownReceipt, receipt);
        using var http = app.CreateClient();
        var verdict = await new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json")).GetSigningKeys(),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidIssuer = app.BaseAddress.GetLeftPart(UriPartial.Authority),
        });
        Assert.True(verdict.IsValid, verdict.Exception?.Message);
        await page.GotoAsync("/admin/customers");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Lindqvist Retail AB" })).ToContainTextAsync("version 1 accepted");
    }
}
