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
/// accepts it from the e-mail, and the officer sees the evidence and downloads a receipt that verifies; then the officer
/// adds a sub-processor in the definition, the contact objects from the notice, and the officer resolves the objection;
/// last, the contact signs in to the customer portal and sees it all.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class AgreementBrowserTests(BrowserFixture browser)
{
    private const string Karin = "karin@lindqvist.example";

    [Fact]
    public async Task The_contact_accepts_the_agreement_from_the_email_then_objects_to_a_new_sub_processor_and_the_officer_resolves_it()
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

        // The officer adds a sub-processor to the product in the definition; the contact is told before it starts, and objects.
        await page.GotoAsync("/admin/model");
        var yaml = await page.GetByLabel("Definition (YAML)").InputValueAsync();
        await page.GetByLabel("Definition (YAML)").FillAsync(yaml.Replace("recipients:\n", "recipients:\n" + SubProcessorNoticeTests.Bunny, StringComparison.Ordinal)
            .Replace("    subProcessors: [hetzner, postmark]\n", "    subProcessors: [hetzner, postmark, bunny]\n", StringComparison.Ordinal));
        await page.GetByLabel("What changed").FillAsync("BunnyWay delivers the product's script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate and save as a new version" }).ClickAsync();
        var until = Vern.Infrastructure.Hosting.OsloCalendar.Today(TimeProvider.System).AddDays(29).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var notice = (await MailAsync(smtp, Karin, $"Changes to the sub-processors of Nordlys Analytics AS: you may object until {until}")).Single();
        await contact.GotoAsync(Link(notice, "/dpa/object/"));
        await Expect(contact.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "BunnyWay d.o.o. (SI) will start processing data" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(contact);
        await contact.GetByLabel("Why Lindqvist Retail AB objects").FillAsync("Our shoppers' events must stay in Germany.");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Object on behalf of Lindqvist Retail AB" }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Status)).ToContainTextAsync("Your objection is recorded.");

        await page.GotoAsync("/admin/customers/subprocessors");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Lindqvist Retail AB" })).ToContainTextAsync("Our shoppers' events must stay in Germany.");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Not accommodated: the customer may end its licence").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The objection was resolved.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Lindqvist Retail AB" })).ToContainTextAsync("the customer may end its licence");

        // The contact signs in to the customer portal by e-mail and sees the agreement, where the data goes and what is coming.
        await contact.GotoAsync("/customers/signin");
        await Accessibility.AssertNoViolationsAsync(contact);
        await contact.GetByLabel("E-mail address").FillAsync(Karin);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Status)).ToContainTextAsync("a link to sign in is on its way");
        await contact.GotoAsync(Link((await MailAsync(smtp, Karin, "Your link to the customer portal of Nordlys Analytics AS")).Single(), "/customers/signin/"));
        await contact.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var customer = contact.GetByRole(AriaRole.Region, new() { Name = "Lindqvist Retail AB" });
        await Expect(customer).ToContainTextAsync("Version 1 accepted on");
        await Expect(customer.GetByRole(AriaRole.Table, new() { Name = "The sub-processors your data passes through" })).ToContainTextAsync("BunnyWay d.o.o.");
        await Expect(customer.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "BunnyWay d.o.o. (SI) will start processing data" })).ToBeVisibleAsync();
        await Expect(customer.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "not accommodated: you may end the licence" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(contact);
        var own = await contact.RunAndWaitForDownloadAsync(() => customer.GetByRole(AriaRole.Link, new() { Name = "Receipt for version 1" }).ClickAsync());
        Assert.Equal(shownReceipt, await File.ReadAllTextAsync(await own.PathAsync()));
        await customer.GetByRole(AriaRole.Link, new() { Name = "Read version 1 of the agreement" }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Our commitments in time" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(contact);
    }
}
