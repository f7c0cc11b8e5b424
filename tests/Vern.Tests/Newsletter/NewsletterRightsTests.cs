using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Newsletter;
using Vern.Features.Newsletter.Campaigns;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Newsletter;

/// <summary>
/// The newsletter answers the person's rights like every source: access lists the subscription, an objection to
/// direct marketing unsubscribes, and an erasure deletes the subscription and keeps only the suppression hash.
/// </summary>
public sealed class NewsletterRightsTests
{
    private const string Email = "olav.reader@example.no";

    [Fact]
    public async Task Access_lists_the_subscription_an_objection_unsubscribes_and_an_erasure_leaves_only_the_suppression_hash()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Newsletter:CheckEvery"] = "00:00:00.200" });
        using var client = app.CreateClient();
        using (var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = Email, language = "en" }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await RequestFlow.OutboxAsync(app)).Single(m => m.Subject == "Confirm your newsletter subscription");
        using (var confirmed = await StaffSessions.PostFormAsync(client, NewsletterMailbox.Link(confirmation, "/newsletter/confirm/"), []))
            Assert.Contains("your subscription is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var writing = app.CreateScope())
        {
            var campaigns = writing.ServiceProvider.GetRequiredService<Campaigns>();
            var campaign = await campaigns.CreateAsync(new CampaignInput("Spring 2027", new Dictionary<string, CampaignEdition> { ["en"] = new("Spring news", "New charts.") }), "marketing", CancellationToken.None);
            await campaigns.ScheduleAsync(campaign.Id, TimeProvider.System.GetUtcNow().UtcDateTime, "marketing", CancellationToken.None);
        }
        await RequestFlow.UntilAsync(app, async db => await db.CampaignMessages.AnyAsync(m => m.Status == DeliveryStatus.Sent), "the campaign sent");

        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", Email);
        var access = await RequestFlow.WaitForMailAsync(app, Email, "Your privacy request is complete");
        using (var zip = new ZipArchive(new MemoryStream(await RequestFlow.DownloadAsync(client, RequestFlow.DownloadLinkIn(access)))))
        using (var json = JsonDocument.Parse(zip.GetEntry("data.json")!.Open()))
        {
            var records = json.RootElement.GetProperty("records");
            Assert.Contains("subscribed", records.GetProperty("newsletter").ToString(), StringComparison.Ordinal);
            // And the campaigns sent to them, by name, with what became of each message.
            Assert.Contains("Spring 2027", records.GetProperty("newsletter").ToString(), StringComparison.Ordinal);
            // The confirmation itself is among the consent records, under the subscription's own id.
            Assert.Contains("\"confirm\"", records.GetProperty("consent").ToString(), StringComparison.Ordinal);
        }

        await RequestFlow.SubmitAndConfirmAsync(app, client, "objection", Email);
        await RequestFlow.UntilAsync(app, async db => (await db.Subscribers.SingleAsync()).Status == SubscriberStatus.Unsubscribed, "the objection unsubscribing");
        await RequestFlow.UntilAsync(app, async db => await db.ConsentRecords.CountAsync(r => r.VisitorId.StartsWith("newsletter-") && r.Action == ConsentAction.Withdraw) == 1,
            "the withdrawal in the ledger");

        await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Email);
        await RequestFlow.UntilAsync(app, async db => !await db.Subscribers.AnyAsync(), "the erasure deleting the subscription");
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(1, await db.NewsletterSuppressions.CountAsync());
        // Unsubscribed once: the objection's withdrawal, and none again at the erasure.
        Assert.Equal(1, await db.ConsentRecords.CountAsync(r => r.VisitorId.StartsWith("newsletter-") && r.Action == ConsentAction.Withdraw));

        // Erased, the person is a stranger again: signing up anew is sent a new confirmation, and the address stays
        // suppressed until it is confirmed.
        using (var again = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = Email, language = "en" }))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(2, (await RequestFlow.OutboxAsync(app)).Count(m => m.Subject == "Confirm your newsletter subscription"));
        Assert.Equal(SubscriberStatus.Pending, (await db.Subscribers.SingleAsync()).Status);
        Assert.Equal(1, await db.NewsletterSuppressions.CountAsync());
    }
}
