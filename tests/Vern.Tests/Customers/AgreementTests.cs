using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vern.Data;
using Vern.Features.Customers;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// The data processing agreement: sent to a customer's contacts over real SMTP, accepted from the e-mailed link with a
/// receipt anyone can verify with the published keys; links that are replayed, superseded, expired or aimed at another
/// customer accept nothing and write nothing.
/// </summary>
public sealed class AgreementTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Siri = "siri@fjordbikes.example";

    internal static async Task<Guid> AddCustomerAsync(TestApp app, string organisation, string contactName, string contactEmail, string? title = null, string regions = "EEA, US")
    {
        await using var scope = app.CreateScope();
        var customers = scope.ServiceProvider.GetRequiredService<Features.Customers.Customers>();
        var (customer, errors) = customers.Read(new CustomerInput(organisation, "SE", "2026-01-01", null, ["analytics-product"], regions, null, null));
        Assert.Empty(errors);
        await customers.CreateAsync(customer!, "ola@example.org", CancellationToken.None);
        Assert.Empty(await customers.AddContactAsync(customer!.Id, new ContactInput(contactName, contactEmail, title), "ola@example.org", CancellationToken.None));
        return customer.Id;
    }

    [Fact]
    public async Task A_contact_accepts_the_agreement_from_the_email_and_the_receipt_verifies_with_the_published_keys()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        var customerId = await AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin, "Data protection officer");
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");
        var page = $"/admin/customers/{customerId}";
        Assert.Contains("Flagged: no agreement accepted", await manager.GetStringAsync("/admin/customers"), StringComparison.Ordinal);

        using (var sent = await StaffSessions.PostFormAsync(manager, page + "?handler=sendAgreement", [], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("The agreement was sent to 1 contact.", await manager.GetStringAsync(page + "?sent=1"), StringComparison.Ordinal);
        var invitation = (await MailAsync(smtp, Karin, "Please accept version 1 of the data processing agreement with Nordlys Analytics AS")).Single();
        Assert.Contains("Hello Karin Lindqvist,", invitation.TextBody, StringComparison.Ordinal);
        var link = Link(invitation, "/dpa/accept/");

        // Opening the link shows the text and the hash of exactly that text, and accepts nothing.
        using var contact = app.CreateClient();
        var shown = await contact.GetStringAsync(link);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var version = await db.DpaVersions.SingleAsync();
        Assert.Contains(Convert.ToHexStringLower(version.TextHash!), shown, StringComparison.Ordinal);
        Assert.Contains("Karin Lindqvist, you accept it on behalf of Lindqvist Retail AB.", shown, StringComparison.Ordinal);
        Assert.Contains("at the latest 24 hours after we become aware of it", shown, StringComparison.Ordinal);
        Assert.Contains("ActiveCampaign, LLC (Postmark)", shown, StringComparison.Ordinal);
        Assert.False(await db.DpaAcceptances.AnyAsync());

        using var accepted = await StaffSessions.PostFormAsync(contact, link, []);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var answer = await accepted.Content.ReadAsStringAsync();
        Assert.Contains("Accepted. The signed receipt has been e-mailed to you", answer, StringComparison.Ordinal);

        // The receipt e-mailed to the contact is a JWS that verifies with the keys Vern publishes, and names what was accepted.
        var receiptMail = (await MailAsync(smtp, Karin, "Receipt: Lindqvist Retail AB accepted version 1 of the data processing agreement")).Single();
        var jws = receiptMail.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.Count(c => c == '.') == 2 && l.StartsWith("eyJ", StringComparison.Ordinal));
        Assert.Contains(jws, answer, StringComparison.Ordinal);
        var keys = new JsonWebKeySet(await contact.GetStringAsync("/.well-known/jwks.json"));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidIssuer = app.BaseAddress.GetLeftPart(UriPartial.Authority),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(jws.Split('.')[1])).RootElement;
        Assert.Equal("vern-dpa-acceptance", claims.GetProperty("type").GetString());
        Assert.Equal(Convert.ToHexStringLower(version.TextHash!), claims.GetProperty("agreement").GetProperty("sha256").GetString());
        Assert.Equal(1, claims.GetProperty("agreement").GetProperty("version").GetInt32());
        Assert.Equal("Lindqvist Retail AB", claims.GetProperty("customer").GetProperty("organisation").GetString());
        Assert.Equal(("Karin Lindqvist", Karin, "Data protection officer"), (claims.GetProperty("acceptedBy").GetProperty("name").GetString(),
            claims.GetProperty("acceptedBy").GetProperty("email").GetString(), claims.GetProperty("acceptedBy").GetProperty("title").GetString()));
        // A changed claim no longer verifies.
        var forged = jws.Split('.');
        forged[1] = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(forged[1]).Replace("Lindqvist Retail AB", "Lindqvist Retail AS", StringComparison.Ordinal));
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(string.Join('.', forged), new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidateIssuer = false,
        })).IsValid);

        // The evidence in the console and in the processor record; the receipt (which names the person) is the privacy officer's, audited.
        Assert.Contains("version 1 accepted", await manager.GetStringAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Flagged", await manager.GetStringAsync("/admin/customers"), StringComparison.Ordinal);
        var acceptance = await db.DpaAcceptances.SingleAsync();
        using (var refused = await manager.GetAsync($"{page}?handler=receipt&acceptance={acceptance.Id}"))
            Assert.Equal("/admin/denied", refused.Headers.Location?.AbsolutePath);
        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);
        Assert.Equal(jws, await officer.GetStringAsync($"{page}?handler=receipt&acceptance={acceptance.Id}"));
        Assert.Contains("version 1 accepted", await officer.GetStringAsync("/admin/ropa-processor.csv"), StringComparison.Ordinal);

        // The link works once: a replay says so and writes nothing.
        using var replay = await StaffSessions.PostFormAsync(contact, link, [], tokenFrom: "/privacy/requests");
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.Contains("This link has been used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await db.DpaAcceptances.CountAsync());
        Assert.Equal(["customer.dpa-sent", "customer.dpa-accepted", "customer.dpa-receipt-viewed"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("customer.dpa")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.DoesNotContain(Karin, app.Logs.All, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_link_for_a_superseded_version_an_expired_link_and_another_customers_ids_accept_and_show_nothing(Provider provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(provider, settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var fjord = await AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", Siri);
        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);
        foreach (var id in new[] { lindqvist, fjord })
            using (var sent = await StaffSessions.PostFormAsync(officer, $"/admin/customers/{id}?handler=sendAgreement", [], tokenFrom: $"/admin/customers/{id}"))
                Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var karinsLink = Link((await MailAsync(smtp, Karin, "Please accept version 1 of the data processing agreement with Nordlys Analytics AS")).Single(), "/dpa/accept/");
        var sirisLink = Link((await MailAsync(smtp, Siri, "Please accept version 1 of the data processing agreement with Nordlys Analytics AS")).Single(), "/dpa/accept/");
        using var contact = app.CreateClient();

        // Siri accepts for Fjord Bikes; Karin cannot open Fjord's receipt through Lindqvist's page, nor the other way round.
        using (var accepted = await StaffSessions.PostFormAsync(contact, sirisLink, []))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var fjordsAcceptance = await db.DpaAcceptances.SingleAsync();
        Assert.Equal(fjord, fjordsAcceptance.CustomerId);
        using (var swapped = await officer.GetAsync($"/admin/customers/{lindqvist}?handler=receipt&acceptance={fjordsAcceptance.Id}"))
            Assert.Equal(HttpStatusCode.NotFound, swapped.StatusCode);
        Assert.DoesNotContain("version 1 accepted", await officer.GetStringAsync($"/admin/customers/{lindqvist}"), StringComparison.Ordinal);

        // A made-up token and a truncated one are unknown.
        foreach (var bad in new[] { "/dpa/accept/" + new string('A', 43), karinsLink[..^2] })
        {
            using var unknown = await contact.GetAsync(bad);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("This link is not valid", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Version 2 is published: Karin's link to version 1 accepts nothing, and both customers are flagged.
        using (var drafted = await StaffSessions.PostFormAsync(officer, "/admin/customers/agreements",
                   new() { ["Markdown"] = "# Data processing agreement\n\nWe now also promise this.\n\n{{vern:processor-terms}}\n" }))
            Assert.Equal("/admin/customers/agreements/2", drafted.Headers.Location!.OriginalString);
        var draft = await officer.GetStringAsync("/admin/customers/agreements/2");
        // What changed from version 1, line by line.
        Assert.Contains("<li class=\"added\"><ins><span class=\"visually-hidden\">Added: </span>We now also promise this.</ins></li>", draft, StringComparison.Ordinal);
        using (var published = await StaffSessions.PostFormAsync(officer, "/admin/customers/agreements/2?handler=Publish", new() { ["summary"] = "Shorter" }))
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        using (var superseded = await StaffSessions.PostFormAsync(contact, karinsLink, [], tokenFrom: "/privacy/requests"))
        {
            Assert.Equal(HttpStatusCode.Gone, superseded.StatusCode);
            Assert.Contains("Version 1 has been replaced by version 2", await superseded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var list = await officer.GetStringAsync("/admin/customers");
        Assert.Contains("Flagged: version 1 accepted", list, StringComparison.Ordinal);
        Assert.Contains("version 2 not accepted", list, StringComparison.Ordinal);
        Assert.Contains("Flagged: no agreement accepted", list, StringComparison.Ordinal);

        // A link to version 2 expires after 30 days.
        using (var sent = await StaffSessions.PostFormAsync(officer, $"/admin/customers/{lindqvist}?handler=sendAgreement", [], tokenFrom: $"/admin/customers/{lindqvist}"))
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var second = Link((await MailAsync(smtp, Karin, "Please accept version 2 of the data processing agreement with Nordlys Analytics AS")).Single(), "/dpa/accept/");
        time.Advance(TimeSpan.FromDays(31));
        using (var expired = await StaffSessions.PostFormAsync(contact, second, [], tokenFrom: "/privacy/requests"))
        {
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
            Assert.Contains("This link expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(1, await db.DpaAcceptances.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "customer.dpa-accepted" && e.SubjectId != fjordsAcceptance.SubjectId));

        // In the customer portal, Karin cannot download the receipt of Siri's acceptance; Siri can.
        foreach (var (email, expected) in new[] { (Karin, HttpStatusCode.NotFound), (Siri, HttpStatusCode.OK) })
        {
            using var portal = app.CreateClient();
            using (var asked = await StaffSessions.PostFormAsync(portal, "/customers/signin", new() { ["Email"] = email }))
                Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var signIn = Link((await MailAsync(smtp, email, "Your link to the customer portal of Nordlys Analytics AS")).Single(), "/customers/signin/");
            using (var signedIn = await StaffSessions.PostFormAsync(portal, signIn, []))
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            using var receipt = await portal.GetAsync($"/customers/portal?handler=receipt&acceptance={fjordsAcceptance.Id}");
            Assert.Equal(expected, receipt.StatusCode);
        }
    }

    [Fact]
    public async Task The_privacy_officer_records_a_signed_paper_copy_kept_sealed_and_an_erasure_keeps_only_the_customers_evidence()
    {
        await using var app = await TestApp.StartAsync();
        var customerId = await AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin, "Data protection officer");
        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);
        var contacts = $"/admin/customers/{customerId}/contacts";
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var contact = await db.CustomerContacts.SingleAsync();
        var pdf = "%PDF-1.4\n% signed by Karin Lindqvist\n"u8.ToArray();

        async Task<HttpResponseMessage> RecordAsync(byte[] scan, string signedOn)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(await StaffSessions.FormTokenAsync(officer, contacts)), "__RequestVerificationToken" },
                { new StringContent(contact.Id.ToString()), "Paper.Contact" },
                { new StringContent("1"), "Paper.Version" },
                { new StringContent(signedOn), "Paper.SignedOn" },
                { new ByteArrayContent(scan), "Paper.Scan", "signed.pdf" },
            };
            return await officer.PostAsync(contacts + "?handler=paper", form);
        }

        // A file that is no scan, and a date to come, are refused naming the field; nothing is written.
        using (var notAScan = await RecordAsync("<script>alert(1)</script>"u8.ToArray(), "2026-01-02"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notAScan.StatusCode);
            Assert.Contains("id=\"scan-error\"", await notAScan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var future = await RecordAsync(pdf, "2999-01-01"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
            Assert.Contains("id=\"date-error\"", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.False(await db.DpaAcceptances.AnyAsync());

        var today = Vern.Infrastructure.Hosting.OsloCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var recorded = await RecordAsync(pdf, today))
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var acceptance = await db.DpaAcceptances.SingleAsync();
        Assert.Equal(Features.Customers.Agreements.AcceptanceMethod.SignedPaper, acceptance.Method);
        Assert.NotEqual(pdf, acceptance.Paper); // sealed, not the file itself
        var page = await officer.GetStringAsync($"/admin/customers/{customerId}");
        Assert.Contains("signed paper copy, recorded by ada@example.org", page, StringComparison.Ordinal);
        using (var scan = await officer.GetAsync($"/admin/customers/{customerId}?handler=paper&acceptance={acceptance.Id}"))
        {
            Assert.Equal("application/pdf", scan.Content.Headers.ContentType?.MediaType);
            Assert.Equal(pdf, await scan.Content.ReadAsByteArrayAsync());
        }
        var receipt = JsonDocument.Parse(Base64UrlEncoder.Decode((await officer.GetStringAsync($"/admin/customers/{customerId}?handler=receipt&acceptance={acceptance.Id}")).Split('.')[1])).RootElement;
        Assert.Equal("signed-paper", receipt.GetProperty("method").GetString());

        // Erasing Karin removes what names her (the receipt and the scan); the customer's acceptance of version 1 stays.
        var source = scope.ServiceProvider.GetServices<Vern.Infrastructure.Privacy.IPersonalDataSource>().Single(s => s.Name == "customer-contacts");
        var export = await source.ExportAsync(new Vern.Infrastructure.Privacy.DataSubject(contact.SubjectId, Karin, []), CancellationToken.None);
        Assert.Contains(export.Rows, r => r[2]!.StartsWith("Accepted version 1 of the data processing agreement on its behalf; the signed receipt: eyJ", StringComparison.Ordinal));
        await source.EraseAsync(new Vern.Infrastructure.Privacy.DataSubject(contact.SubjectId, Karin, []), CancellationToken.None);
        await db.SaveChangesAsync();
        await using var after = app.CreateScope();
        var kept = await after.ServiceProvider.GetRequiredService<AppDb>().DpaAcceptances.SingleAsync();
        Assert.Equal((1, (byte[]?)null, (byte[]?)null), (kept.VersionNumber, kept.Receipt, kept.Paper));
        Assert.Equal(["customer.dpa-paper-recorded", "customer.dpa-paper-viewed", "customer.dpa-receipt-viewed"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("customer.dpa")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }
}
