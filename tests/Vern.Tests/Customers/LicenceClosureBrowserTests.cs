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
/// In Chromium, over a real SMTP server, with the product answered by a local HTTP server: a customer's contact signs in
/// to the portal and forwards a user's access request, which the product fulfils within its deadline; then the privacy
/// officer ends the customer's licence, and the contact, told by e-mail, downloads the export and asks for the deletion;
/// the product deletes, and the contact downloads the deletion certificate, the same as the one e-mailed, which verifies
/// with the published keys.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class LicenceClosureBrowserTests(BrowserFixture browser)
{
    private const string Karin = "karin@lindqvist.example";

    [Fact]
    public async Task A_contact_forwards_a_request_then_the_licence_ends_and_the_contact_takes_the_export_asks_for_deletion_and_gets_a_certificate_that_verifies()
    {
        await using var product = await FakeServer.StartAsync(request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.GetProperty("event").GetString() switch
            {
                "access" => new Reply(200, """{"outcome":"done","detail":"3 events","export":{"user":"user-4711","events":[{"page":"/cart"}]}}"""),
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

        // The contact signs in and forwards a user's access request: the product answers at once, well within the deadline.
        await using var contactSession = await browser.OpenAsync(app);
        var contact = contactSession.Page;
        await contact.GotoAsync("/customers/signin");
        await contact.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        await contact.GetByLabel("E-mail address").FillAsync(Karin);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await contact.GotoAsync(Link((await MailAsync(smtp, Karin, "Your link to the customer portal of Nordlys Analytics AS")).Single(), "/customers/signin/"));
        await contact.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await contact.GetByRole(AriaRole.Link, new() { Name = "Requests from your users" }).ClickAsync();
        await contact.GetByLabel("What the person asks for").SelectOptionAsync("Access");
        await contact.GetByLabel("The user's identifier in the product").FillAsync("user-4711");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Forward the request" }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Status)).ToHaveTextAsync("The request was forwarded; its state is below.");
        var today = OsloCalendar.Today(TimeProvider.System);
        var request = contact.GetByRole(AriaRole.Table, new() { Name = "Requests from your users" }).GetByRole(AriaRole.Row).Nth(1);
        await Expect(request).ToContainTextAsync(today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(request).ToContainTextAsync("done: 3 events");
        await Accessibility.AssertNoViolationsAsync(contact);
        var result = await contact.RunAndWaitForDownloadAsync(() => request.GetByRole(AriaRole.Link, new() { Name = "Download the user's data" }).ClickAsync());
        Assert.Contains("/cart", await File.ReadAllTextAsync(await result.PathAsync()), StringComparison.Ordinal);
        Assert.Single(await MailAsync(smtp, Karin, "Answered: the access request you forwarded for Lindqvist Retail AB"));

        // The officer ends the licence today: the closure starts at once and the product gives the export.
        await page.GotoAsync($"/admin/customers/{customerId}");
        await page.GetByLabel("Licence ends").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The customer was saved.");
        var exportUntil = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "End of licence" })).ToContainTextAsync($"The export is offered until {exportUntil}");
        await Accessibility.AssertNoViolationsAsync(page);

        // The contact is told by e-mail, follows its link to the portal and downloads the export.
        var told = (await MailAsync(smtp, Karin, "The licence of Lindqvist Retail AB has ended: your data, its export and its deletion")).Single();
        await contact.GotoAsync(Link(told, "/customers/portal"));
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
