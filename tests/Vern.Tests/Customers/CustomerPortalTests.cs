using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// The customer portal: a contact signs in by a single-use e-mailed link and sees only their own customers, with the
/// sub-processors its data passes through; asking for a link tells nothing about an address; the portal's session opens
/// no console page, and a contact removed from a customer sees it no more.
/// </summary>
public sealed class CustomerPortalTests
{
    private const string Karin = "karin@lindqvist.example";

    /// <summary>A browser signed in to the portal as <paramref name="email"/>, by the link e-mailed to that address.</summary>
    internal static async Task<HttpClient> SignInAsync(TestApp app, SmtpSink smtp, string email)
    {
        const string subject = "Your link to the customer portal of Nordlys Analytics AS";
        var client = app.CreateClient();
        // Signing in again waits for the new link, not an earlier one already used.
        var earlier = (await MailAsync(smtp, email, subject, count: 0)).Count;
        using (var asked = await StaffSessions.PostFormAsync(client, "/customers/signin", new() { ["Email"] = email }))
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = Link((await MailAsync(smtp, email, subject, earlier + 1))[^1], "/customers/signin/");
        using (var signedIn = await StaffSessions.PostFormAsync(client, link, []))
            Assert.Equal("/customers/portal", signedIn.Headers.Location?.OriginalString);
        return client;
    }

    [Fact]
    public async Task A_contact_signs_in_by_email_and_sees_their_customer_alone()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        using var browser = app.CreateClient();

        using (var closed = await browser.GetAsync("/customers/portal"))
            Assert.Equal("/customers/signin", closed.Headers.Location?.AbsolutePath);

        // The same answer for an address that is no contact's, and no e-mail for it.
        foreach (var email in new[] { "nobody@example.org", Karin })
        {
            using var asked = await StaffSessions.PostFormAsync(browser, "/customers/signin", new() { ["Email"] = email });
            Assert.Contains("If this address belongs to one of our customers' privacy contacts, a link to sign in is on its way.",
                WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        var mail = (await MailAsync(smtp, Karin, "Your link to the customer portal of Nordlys Analytics AS")).Single();
        Assert.Single(smtp.Messages);
        var link = Link(mail, "/customers/signin/");

        using (var signedIn = await StaffSessions.PostFormAsync(browser, link, []))
            Assert.Equal("/customers/portal", signedIn.Headers.Location?.OriginalString);
        var portal = await browser.GetStringAsync("/customers/portal");
        Assert.Contains("Lindqvist Retail AB", portal, StringComparison.Ordinal);
        Assert.Contains("Hetzner Online GmbH", portal, StringComparison.Ordinal);
        Assert.Contains("ActiveCampaign, LLC (Postmark)", portal, StringComparison.Ordinal);
        Assert.Contains("Version 1 is the current one and has not been accepted yet.", portal, StringComparison.Ordinal);
        Assert.DoesNotContain("Fjord Bikes AS", portal, StringComparison.Ordinal);

        // The link works once; the portal's session is no staff session.
        using (var replay = await StaffSessions.PostFormAsync(browser, link, [], tokenFrom: "/customers/signin"))
            Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        using (var console = await browser.GetAsync($"/admin/customers/{lindqvist}"))
            Assert.Equal("/admin/login", console.Headers.Location?.AbsolutePath);

        // Removed from the customer, Karin's session shows it no more.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.CustomerContacts.Remove(await db.CustomerContacts.SingleAsync(c => c.CustomerId == lindqvist));
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain("Lindqvist Retail AB", await browser.GetStringAsync("/customers/portal"), StringComparison.Ordinal);
    }
}
