using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Newsletter;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Newsletter;

/// <summary>
/// Importing subscribers from CSV in the console: every row needs its basis and source; a bad row imports nothing and is
/// named by its line; the people imported are asked to confirm like anyone who signs up, and suppressed addresses are
/// skipped and counted, never asked again.
/// </summary>
public sealed class NewsletterImportTests
{
    private const string Confirm = "Confirm your newsletter subscription";

    [Fact]
    public async Task Imported_people_are_asked_to_confirm_with_basis_and_source_kept_and_suppressed_addresses_are_skipped_and_counted()
    {
        await using var app = await TestApp.StartAsync();
        using var visitor = app.CreateClient();
        // Bjørn subscribed and unsubscribed (suppressed); Carl is subscribed.
        await SignUpAsync(app, visitor, "bjorn@example.no");
        await SignUpAsync(app, visitor, "carl@example.no");
        var welcome = (await RequestFlow.OutboxAsync(app)).Single(m => m.To.Mailboxes.Single().Address == "bjorn@example.no" && m.Subject == "Welcome to our newsletter");
        using (var oneClick = await visitor.PostAsync(NewsletterMailbox.Link(welcome, "/newsletter/unsubscribe/"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        var secret = await StaffSessions.CreateAsync(app, "mia@example.org", StaffRoles.Marketing, withAuthenticator: true);
        using var marketing = await StaffSessions.SignInAsync(app, "mia@example.org", secret);

        // One bad row: nothing is imported, and each problem is named by its line and field.
        var bad = await ImportAsync(marketing, """
            email,language,basis,source
            anna@example.no,en,consent,Oslo meetup sign-up sheet 2026-10-12
            not an address,en,consent,Oslo meetup sign-up sheet 2026-10-12
            dina@example.no,de,bought,
            """);
        Assert.Contains("Line 3: email: not one e-mail address.", bad, StringComparison.Ordinal);
        Assert.Contains("Line 4: language: must be one of en, nb; basis: must be one of consent, customer; source:", bad, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported.", bad, StringComparison.Ordinal);
        Assert.DoesNotContain(await RequestFlow.OutboxAsync(app), m => m.To.Mailboxes.Single().Address == "anna@example.no");

        var done = await ImportAsync(marketing, """
            email;language;basis;source
            anna@example.no;nb;consent;Oslo meetup sign-up sheet 2026-10-12
            bjorn@example.no;;customer;CRM export 2026-11
            carl@example.no;;consent;CRM export 2026-11
            ANNA@example.no;en;consent;Oslo meetup sign-up sheet 2026-10-12
            """);
        Assert.Matches(@"Asked to confirm</dt><dd>1<", done);
        Assert.Matches(@"on the suppression list</dt><dd>1<", done);
        Assert.Matches(@"already subscribed</dt><dd>1<", done);
        Assert.Matches(@"the same address again in the file</dt><dd>1<", done);

        var outbox = await RequestFlow.OutboxAsync(app);
        // Anna is asked in her language, and is not subscribed until she confirms; Bjørn, suppressed, is not asked again.
        var asked = outbox.Single(m => m.To.Mailboxes.Single().Address == "anna@example.no");
        Assert.Equal("Bekreft abonnementet på nyhetsbrevet", asked.Subject);
        Assert.Single(outbox, m => m.To.Mailboxes.Single().Address == "bjorn@example.no" && m.Subject == Confirm);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var anna = await db.Subscribers.SingleAsync(s => s.ImportSource != null);
        Assert.Equal(SubscriberStatus.Pending, anna.Status);
        Assert.Equal(ImportBasis.Consent, anna.ImportBasis);
        Assert.Equal(1, await db.NewsletterSuppressions.CountAsync());

        // Her access package says where her address came from.
        var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "newsletter");
        var export = await source.ExportAsync(new DataSubject(anna.SubjectId, "anna@example.no", []), CancellationToken.None);
        Assert.Contains(export.Rows, r => r[0] == "subscription" && r[^2] == "consent" && r[^1] == "Oslo meetup sign-up sheet 2026-10-12");
        var audit = await db.AuditEntries.Where(e => e.Action == "newsletter.import").Select(e => e.Actor + ": " + e.Details).SingleAsync();
        Assert.Equal("mia@example.org: 4 rows: 1 asked to confirm, 1 suppressed, 1 already subscribed, 0 refused, 1 repeated", audit);
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync("anna@example.no"));
    }

    private static async Task<string> ImportAsync(HttpClient staff, string csv)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await StaffSessions.FormTokenAsync(staff, "/admin/newsletter/import")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "people.csv" },
        };
        using var response = await staff.PostAsync("/admin/newsletter/import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task SignUpAsync(TestApp app, HttpClient client, string email)
    {
        using (var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, language = "en" }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await RequestFlow.OutboxAsync(app)).Single(m => m.To.Mailboxes.Single().Address == email && m.Subject == Confirm);
        using var confirmed = await StaffSessions.PostFormAsync(client, NewsletterMailbox.Link(confirmation, "/newsletter/confirm/"), []);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }
}
