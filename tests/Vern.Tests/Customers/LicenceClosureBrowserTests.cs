using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Vern.Infrastructure.Hosting;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// In Chromium, over a real SMTP server, with the product answered by a local HTTP server: the privacy officer ends a
/// customer's licence; the contact, told by e-mail, signs in to the portal, downloads the export and asks for the deletion;
/// the product deletes, and the contact downloads the deletion certificate, the same as the one e-mailed, which verifies
/// with the published keys.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class LicenceClosureBrowserTests(BrowserFixture browser)
{
    private const string Karin = "karin@lindqvist.example";

    [Fact]
    public async Task The_officer_ends_a_licence_and_the_contact_takes_the_export_asks_for_deletion_and_gets_a_certificate_that_verifies()
    {
        await using var product = await FakeServer.StartAsync(request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.GetProperty("event").GetString() switch
            {
                "tenant-export" => new Reply(200, """{"outcome":"done","export":{"events":[{"page":"/checkout"}]}}"""),
                "tenant-deletion" => new Reply(200, """{"outcome":"done","detail":"41 events and 2 reports deleted"}"""),
                _ => new Reply(400),
            };
        });
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = "product-secret-for-tests";
        settings["Customers:Product:AllowHttp"] = "true";
        await using var app = await TestApp.StartAsync(settings: settings);
        var customerId = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await (await new LoginPage(page).OpenAsync()).SignInAsync("olga@example.com", StaffSessions.Password);
        await new LoginTwoFactorPage(page).VerifyAsync(StaffSessions.CurrentCode(secret!));
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();

        // The officer ends the licence today: the closure starts at once and the product gives the export.
        var today = OsloCalendar.Today(TimeProvider.System);
        await page.GotoAsync($"/admin/customers/{customerId}");
        await page.GetByLabel("Licence ends").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The customer was saved.");
        var exportUntil = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "End of licence" })).ToContainTextAsync($"The export is offered until {exportUntil}");
        await Accessibility.AssertNoViolationsAsync(page);

        // The contact is told, signs in from the portal's link and downloads the export.
        var told = (await MailAsync(smtp, Karin, "The licence of Lindqvist Retail AB has ended: your data, its export and its deletion")).Single();
        await using var contactSession = await browser.OpenAsync(app);
        var contact = contactSession.Page;
        await contact.GotoAsync(Link(told, "/customers/portal"));
        await contact.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        await contact.GetByLabel("E-mail address").FillAsync(Karin);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await contact.GotoAsync(Link((await MailAsync(smtp, Karin, "Your link to the customer portal of Nordlys Analytics AS")).Single(), "/customers/signin/"));
        await contact.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var customer = contact.GetByRole(AriaRole.Region, new() { Name = "Lindqvist Retail AB" });
        await Expect(customer).ToContainTextAsync($"Your data is offered as an export until {exportUntil}.");
        await Accessibility.AssertNoViolationsAsync(contact);
        var export = await contact.RunAndWaitForDownloadAsync(() => customer.GetByRole(AriaRole.Link, new() { Name = "Download the export" }).ClickAsync());
        Assert.Contains("/checkout", await File.ReadAllTextAsync(await export.PathAsync()), StringComparison.Ordinal);

        // The contact has what they need and asks for the deletion; the certificate follows, in the portal and by e-mail.
        await customer.GetByLabel("We have our export, or do not need it: delete our data.").CheckAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "Delete our data now" }).ClickAsync();
        await Expect(customer).ToContainTextAsync($"Your data was deleted on {today:yyyy-MM-dd}.");
        await Expect(customer.GetByRole(AriaRole.Link, new() { Name = "Download the export" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(contact);
        var download = await contact.RunAndWaitForDownloadAsync(() => customer.GetByRole(AriaRole.Link, new() { Name = "Download the signed deletion certificate" }).ClickAsync());
        var certificate = await File.ReadAllTextAsync(await download.PathAsync());
        var mailed = (await MailAsync(smtp, Karin, "Deletion certificate: the data of Lindqvist Retail AB")).Single();
        Assert.Equal(certificate, await LicenceClosureTests.AttachmentAsync(mailed, "deletion-certificate.jws"));
        using var http = app.CreateClient();
        var verdict = await new JsonWebTokenHandler().ValidateTokenAsync(certificate, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json")).GetSigningKeys(),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidIssuer = app.BaseAddress.GetLeftPart(UriPartial.Authority),
        });
        Assert.True(verdict.IsValid, verdict.Exception?.Message);
        Assert.Equal("customer-asked", JsonDocument.Parse(Base64UrlEncoder.Decode(certificate.Split('.')[1])).RootElement.GetProperty("trigger").GetString());

        // The officer sees the deletion on the customer's page and in the list.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "End of licence" })).ToContainTextAsync("The customer's data was deleted on");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send version 1 to the contacts to accept" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/customers");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Lindqvist Retail AB" });
        await Expect(row).ToContainTextAsync("deleted");
        await Expect(row).Not.ToContainTextAsync("Flagged");
    }
}
