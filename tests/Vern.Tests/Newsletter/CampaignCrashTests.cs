using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Newsletter;

/// <summary>
/// The server killed with SIGKILL while it sends a campaign: a restarted server finishes the campaign, and nobody gets
/// the message twice. What the killed server was handing over at that moment is recorded as uncertain, not sent again.
/// </summary>
public sealed class CampaignCrashTests
{
    private const int Subscribers = 20;
    private const string Subject = "Winter news";

    // SQLite only: its database lives in the killed process, where a commit could be lost with it. PostgreSQL's commits are
    // its server's, which the kill does not touch (KillTests kill a server on both).
    [Fact]
    public async Task A_server_killed_mid_campaign_is_followed_by_one_that_finishes_it_without_sending_anyone_a_message_twice()
    {
        const Provider provider = Provider.Sqlite;
        await using var smtp = new SmtpSink();
        await using var site = await TestSite.CreateAsync(provider);
        string[] args =
        [
            .. site.Args, "--Vern:RateLimiting:Enabled=false", "--Vern:WorkLease=00:00:02",
            .. Settings(smtp).Select(s => $"--{s.Key}={s.Value}"), "--Newsletter:CheckEvery=00:00:00.200", "--Newsletter:MessagesPerSecond=10",
        ];
        var emails = Enumerable.Range(0, Subscribers).Select(i => $"reader{i:D2}@example.no").ToList();

        var server = await VernProcess.ServeAsync(args, site.Directory);
        using (var client = new HttpClient { BaseAddress = server.Address })
            foreach (var chunk in emails.Chunk(20))
                await Task.WhenAll(chunk.Select(e => CampaignSendingTests.SubscribeAndConfirmAsync(client, smtp, e, "en", production: true)));
        Guid id;
        await using (var open = await site.OpenAsync())
        await using (var scope = open.Services.CreateAsyncScope())
        {
            var campaigns = scope.ServiceProvider.GetRequiredService<Campaigns>();
            var campaign = await campaigns.CreateAsync(new CampaignInput("Winter", new Dictionary<string, CampaignEdition> { ["en"] = new(Subject, "Snow on the dashboards.") }), "marketing", CancellationToken.None);
            Assert.True(await campaigns.ScheduleAsync(campaign.Id, TimeProvider.System.GetUtcNow().UtcDateTime, "marketing", CancellationToken.None));
            id = campaign.Id;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Received(smtp).Count < 5 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(10);
        await server.DisposeAsync();
        var beforeRestart = Received(smtp).Count;
        Assert.InRange(beforeRestart, 5, Subscribers - 1);

        await using (await VernProcess.ServeAsync(args, site.Directory))
        await using (var open = await site.OpenAsync())
        {
            clock.Restart();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await using var scope = open.Services.CreateAsyncScope();
                if ((await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.AsNoTracking().SingleAsync(c => c.Id == id)).Status == CampaignStatus.Sent)
                    break;
                await Task.Delay(100);
            }
            await using var check = open.Services.CreateAsyncScope();
            var messages = await check.ServiceProvider.GetRequiredService<AppDb>().CampaignMessages.AsNoTracking().Where(m => m.CampaignId == id).ToListAsync();
            Assert.Equal(Subscribers, messages.Count);
            // At most the message being handed over at the kill and the one before it (whose outcome goes in with the
            // next one's mark) are uncertain; every other one was sent once.
            Assert.InRange(messages.Count(m => m.Status == DeliveryStatus.Uncertain), 0, 2);
            Assert.Equal(Subscribers, messages.Count(m => m.Status is DeliveryStatus.Sent or DeliveryStatus.Uncertain));
        }
        var received = Received(smtp);
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.InRange(received.Count, Subscribers - 1, Subscribers);
    }

    private static List<string> Received(SmtpSink smtp) =>
        [.. smtp.Messages.Where(m => m.Data.Contains($"Subject: {Subject}", StringComparison.Ordinal)).SelectMany(m => m.To)];
}
