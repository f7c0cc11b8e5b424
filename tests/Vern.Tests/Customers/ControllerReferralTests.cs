using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// A person who asks us about their data in the product is told, in their language, which customer is its controller,
/// and only with the box ticked is their request forwarded to that customer's contacts; we keep nothing of it.
/// </summary>
public sealed class ControllerReferralTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Page = "/privacy/product-data";

    [Fact]
    public async Task A_person_learns_which_customer_decides_about_their_data_and_with_consent_their_request_reaches_it()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        using var person = app.CreateClient();
        Assert.Contains($"href=\"{Page}?lang=en\"", await person.GetStringAsync("/privacy?lang=en"), StringComparison.Ordinal);
        var asked = new Dictionary<string, string>
        {
            ["Company"] = "  lindqvist   retail AB ",
            ["Kind"] = "Erasure",
            ["Email"] = "nora@example.no",
            ["Message"] = "My shop account is nora-77",
        };

        // Found, case and spacing aside: the person is told who decides, and nothing is sent yet.
        using (var found = await StaffSessions.PostFormAsync(person, Page + "?handler=find", asked))
        {
            var html = WebUtility.HtmlDecode(await found.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Contains("Lindqvist Retail AB is the controller of the data about you in Nordlys Analytics (the licensed product).", html, StringComparison.Ordinal);
        }

        // Without the box ticked: refused naming it, nothing sent. A bad address: refused naming it.
        using (var unticked = await StaffSessions.PostFormAsync(person, Page + "?handler=forward", asked))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
            Assert.Contains("id=\"consent-error\"", await unticked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var badAddress = await StaffSessions.PostFormAsync(person, Page + "?handler=find", new(asked) { ["Email"] = "nora@" }))
            Assert.Contains("id=\"email-error\"", await badAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await MailAsync(smtp, Karin, "A person asks about their data: erasure request for Lindqvist Retail AB", count: 0));

        // Ticked: forwarded to Lindqvist's contact alone; the audit trail names the customer and the kind, not the person.
        using (var forwarded = await StaffSessions.PostFormAsync(person, Page + "?handler=forward", new(asked) { ["Consent"] = "true" }))
            Assert.Contains("Your request was forwarded to Lindqvist Retail AB.", await forwarded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mail = (await MailAsync(smtp, Karin, "A person asks about their data: erasure request for Lindqvist Retail AB")).Single();
        Assert.Contains("Their e-mail address: nora@example.no", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("What they wrote: My shop account is nora-77", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages, m => m.To.Contains("siri@fjordbikes.example"));
        await using var scope = app.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.AsNoTracking().Where(e => e.Action == "customer.request-referred").SingleAsync();
        Assert.DoesNotContain("nora", audit.Details ?? "", StringComparison.Ordinal);

        // A name no customer goes by, in Norwegian: told so in Norwegian, nothing sent.
        using (var unknown = await StaffSessions.PostFormAsync(person, Page + "?handler=find&lang=nb", new(asked) { ["Company"] = "Ukjent Butikk AS" }))
            Assert.Contains("Ingen av kundene våre har det navnet.", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Single(await MailAsync(smtp, Karin, "A person asks about their data: erasure request for Lindqvist Retail AB", count: 0));
    }
}
