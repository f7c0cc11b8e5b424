using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Features.Policies;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using Vern.Tests.Newsletter;
using Vern.Tests.Rights;

namespace Vern.Tests.Policies;

/// <summary>
/// A significant policy change is announced before it takes effect: each person held for the purposes the privacy
/// officer chose is e-mailed once, in the version's language, and each delivery is recorded (the version, when, the
/// Message-ID), shown in the console and in the person's access package. Less notice than the notice period needs a
/// written reason, which is audited.
/// </summary>
public sealed class ChangeNoticeTests
{
    private const string Summary = "The newsletter now also tells you about events near you.";

    [Fact]
    public async Task A_significant_change_is_announced_before_it_takes_effect_to_the_people_held_for_the_chosen_purposes_each_delivery_recorded()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Newsletter:CheckEvery"] = "00:00:00.200" });
        using var visitor = app.CreateClient();
        await SubscribeAsync(app, visitor, "anna@example.no", "en");
        await SubscribeAsync(app, visitor, "bjorn@example.no", "nb");
        using (var contact = await visitor.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email = "carl@example.no", name = "Carl", message = "Tell me more." }))
            Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        using (var other = await visitor.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "marketing-follow-up", email = "dina@example.no", name = "Dina", message = "Call me." }))
            Assert.True(other.IsSuccessStatusCode);

        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "officer@example.com", secret);
        var draft = await DraftAsync(app, officer, "en", "\n\n## Events\n\nThe newsletter also tells you about events near you.\n");
        // The changed text names the newsletter: its people are pre-selected, a purpose it does not touch is not.
        var page = await officer.GetStringAsync(draft);
        Assert.Matches("<input id=\"notice-newsletter\" name=\"NoticeTo\" type=\"checkbox\" value=\"newsletter\" checked=\"checked\"", page);
        Assert.Matches("<input id=\"notice-site-operation\" name=\"NoticeTo\" type=\"checkbox\" value=\"site-operation\">", page);

        var inTenDays = Day(app, 10);
        List<KeyValuePair<string, string>> publish = [new("EffectiveDate", inTenDays), new("Significant", "true"), new("Summary", Summary),
            new("NoticeTo", "newsletter"), new("NoticeTo", "customer-relationship")];
        using (var refused = await StaffSessions.PostFormFieldsAsync(officer, draft + "?handler=Publish", publish))
            Assert.Contains("at least 30 days after it is announced", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var tooLong = await StaffSessions.PostFormFieldsAsync(officer, draft + "?handler=Publish", [.. publish, new("Reason", new string('x', 1001))]))
            Assert.Contains("at most 1000 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.AnyAsync(c => c.Kind == CampaignKind.Notice), "refused, yet a notice was queued");

        Assert.Contains("The notice is being sent", await PublishAsync(officer, draft, [.. publish, new("Reason", "The events start next week.")]), StringComparison.Ordinal);
        await UntilNoticesSentAsync(app, 1);

        // Anna (newsletter, English) and Carl (an enquiry, language not known: the default) are told once; Bjørn reads
        // Norwegian, which has a policy of its own, and Dina is held for a purpose not chosen.
        var subject = $"Changes to our privacy policy from {Dates.Long(DateOnly.Parse(inTenDays, CultureInfo.InvariantCulture), "en")}";
        var notices = (await RequestFlow.OutboxAsync(app)).Where(m => m.Subject == subject).ToList();
        Assert.Equal(["anna@example.no", "carl@example.no"], notices.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var anna = notices.Single(m => m.To.Mailboxes.Single().Address == "anna@example.no");
        Assert.Contains(Summary, anna.TextBody, StringComparison.Ordinal);
        Assert.Contains("/privacy/policy/versions/2?lang=en", anna.TextBody, StringComparison.Ordinal);
        // Not marketing: no unsubscribe headers, and it goes whatever the newsletter's consent says.
        Assert.Null(anna.Headers["List-Unsubscribe"]);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var messages = await db.CampaignMessages.Join(db.Campaigns.Where(c => c.Kind == CampaignKind.Notice), m => m.CampaignId, c => c.Id, (m, _) => m).ToListAsync();
            Assert.Equal(2, messages.Count);
            Assert.All(messages, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
            Assert.All(messages, m => Assert.True(DateOnly.FromDateTime(m.SentAt!.Value) < DateOnly.Parse(inTenDays, CultureInfo.InvariantCulture)));
            Assert.Contains(messages, m => $"<{m.MessageId}>" == anna.Headers["Message-Id"]);
            var audit = await db.AuditEntries.Where(e => e.Action == "policy.published").Select(e => e.Details).ToListAsync();
            Assert.Contains(audit, d => d!.Contains("notice to newsletter, customer-relationship", StringComparison.Ordinal) && d.Contains("10 days' notice because: The events start next week.", StringComparison.Ordinal));
        }
        var progress = await officer.GetStringAsync(draft);
        Assert.Contains("Notice of the change", progress, StringComparison.Ordinal);
        Assert.Contains("<td>0</td><td>2</td><td>0</td>", progress, StringComparison.Ordinal);

        // The Norwegian version, published with the full notice period, needs no reason and tells the Norwegian reader.
        var nbDraft = await DraftAsync(app, officer, "nb", "\n\n## Arrangementer\n\nNyhetsbrevet forteller også om arrangementer.\n");
        var inThirtyDays = Day(app, 30);
        Assert.Contains("The notice is being sent", await PublishAsync(officer, nbDraft,
            [new("EffectiveDate", inThirtyDays), new("Significant", "true"), new("Summary", "Nyhetsbrevet forteller også om arrangementer."), new("NoticeTo", "newsletter")]), StringComparison.Ordinal);
        await UntilNoticesSentAsync(app, 2);
        var norwegian = (await RequestFlow.OutboxAsync(app)).Where(m => m.Subject!.StartsWith("Endringer i personvernerklæringen vår fra", StringComparison.Ordinal)).ToList();
        Assert.Equal("bjorn@example.no", Assert.Single(norwegian).To.Mailboxes.Single().Address);

        // Anna's access package lists the notice she was sent: the version, when it went, its Message-ID.
        await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", "anna@example.no");
        var access = await RequestFlow.WaitForMailAsync(app, "anna@example.no", "Your privacy request is complete");
        using var zip = new ZipArchive(new MemoryStream(await RequestFlow.DownloadAsync(visitor, RequestFlow.DownloadLinkIn(access))));
        using var json = JsonDocument.Parse(zip.GetEntry("data.json")!.Open());
        var listed = json.RootElement.GetProperty("records").GetProperty("notices").ToString();
        Assert.Contains(inTenDays, listed, StringComparison.Ordinal);
        Assert.Contains(anna.MessageId!, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_subscribers_who_confirmed_a_wording_of_the_newsletter_that_has_changed_are_asked_to_confirm_again_and_silence_unsubscribes_no_one()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Newsletter:CheckEvery"] = "00:00:00.200" });
        using var visitor = app.CreateClient();
        await SubscribeAsync(app, visitor, "anna@example.no", "en");
        // The newsletter's purpose widens: its consent now says more than Anna agreed to. Bjørn confirms after the change.
        var models = app.Get<Vern.Features.Model.ModelStore>();
        var widened = (await File.ReadAllTextAsync(models.FilePath)).Replace(
            "Our monthly newsletter on privacy-friendly product analytics,", "Our monthly newsletter on privacy-friendly product analytics and invitations to our events,", StringComparison.Ordinal);
        Assert.Empty(await models.SaveAsync(widened, "officer@example.com", "the newsletter also invites to events", writeFile: true, CancellationToken.None));
        await SubscribeAsync(app, visitor, "bjorn@example.no", "en");

        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "officer@example.com", secret);
        var draft = await DraftAsync(app, officer, "en", "\n\n## Events\n\nThe newsletter also invites you to our events.\n");
        Assert.Contains("The notice is being sent", await PublishAsync(officer, draft,
            [new("EffectiveDate", Day(app, 30)), new("Significant", "true"), new("Summary", Summary), new("NoticeTo", "newsletter")]), StringComparison.Ordinal);
        await UntilNoticesSentAsync(app, 1);

        var notices = (await RequestFlow.OutboxAsync(app)).Where(m => m.Subject!.StartsWith("Changes to our privacy policy", StringComparison.Ordinal)).ToList();
        var anna = notices.Single(m => m.To.Mailboxes.Single().Address == "anna@example.no");
        var bjorn = notices.Single(m => m.To.Mailboxes.Single().Address == "bjorn@example.no");
        Assert.Contains("to agree to the new wording, confirm here:", anna.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/newsletter/confirm/", bjorn.TextBody, StringComparison.Ordinal);

        // Until she answers, Anna stays subscribed; confirming records the new wording in the ledger, with no second welcome.
        await using (var scope = app.CreateScope())
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<AppDb>().Subscribers.CountAsync(s => s.Status == Vern.Features.Newsletter.SubscriberStatus.Subscribed));
        using (var confirmed = await StaffSessions.PostFormAsync(visitor, NewsletterMailbox.Link(anna, "/newsletter/confirm/"), []))
            Assert.Contains("confirmed with the newsletter's new wording", WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var subscriber = await db.Subscribers.SingleAsync(s => s.Id == db.Subscribers.OrderBy(x => x.AskedAt).Select(x => x.Id).First());
            var confirmations = await db.ConsentRecords.Where(r => r.VisitorId == Vern.Features.Newsletter.Subscriber.ConsentIdOf(subscriber.Id)).OrderBy(r => r.Sequence).Select(r => r.TextHash).ToListAsync();
            Assert.Equal(2, confirmations.Count);
            Assert.NotEqual(confirmations[0], confirmations[1]);
            Assert.Equal(Vern.Features.Newsletter.SubscriberStatus.Subscribed, subscriber.Status);
        }
        Assert.Single(await RequestFlow.OutboxAsync(app), m => m.To.Mailboxes.Single().Address == "anna@example.no" && m.Subject == "Welcome to our newsletter");
    }

    private static async Task SubscribeAsync(TestApp app, HttpClient client, string email, string language)
    {
        using (var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, language }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await RequestFlow.OutboxAsync(app)).Single(m => m.To.Mailboxes.Single().Address == email);
        using var confirmed = await StaffSessions.PostFormAsync(client, NewsletterMailbox.Link(confirmation, "/newsletter/confirm/"), []);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    /// <summary>Imports the shipped policy of <paramref name="language"/> with <paramref name="added"/> at its end; returns the draft's console page.</summary>
    private static async Task<string> DraftAsync(TestApp app, HttpClient officer, string language, string added)
    {
        string current;
        await using (var scope = app.CreateScope())
            current = (await scope.ServiceProvider.GetRequiredService<AppDb>().PolicyVersions.Where(v => v.Language == language).OrderBy(v => v.Number).LastAsync()).Markdown;
        using var imported = await StaffSessions.PostFormAsync(officer, "/admin/policies", new() { ["Markdown"] = "---\ntitle: Privacy policy\n---\n" + current + added, ["Language"] = language });
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        return imported.Headers.Location!.OriginalString;
    }

    /// <summary>Publishes the draft; returns the page it is redirected to, so that reloading it posts nothing again.</summary>
    private static async Task<string> PublishAsync(HttpClient officer, string draft, List<KeyValuePair<string, string>> fields)
    {
        using var published = await StaffSessions.PostFormFieldsAsync(officer, draft + "?handler=Publish", fields);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        return await officer.GetStringAsync(published.Headers.Location);
    }

    private static string Day(TestApp app, int days) =>
        Vern.Infrastructure.Hosting.OsloCalendar.Today(app.Get<TimeProvider>()).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task UntilNoticesSentAsync(TestApp app, int count) =>
        RequestFlow.UntilAsync(app, async db => await db.Campaigns.CountAsync(c => c.Kind == CampaignKind.Notice && c.Status == CampaignStatus.Sent) == count, "the notices sent");
}
