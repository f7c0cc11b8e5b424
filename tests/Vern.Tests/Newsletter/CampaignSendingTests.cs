using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Newsletter;
using Vern.Features.Newsletter.Campaigns;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Newsletter;

/// <summary>
/// Campaigns sent over a real SMTP server: each subscriber gets one message in their language with the unsubscribe
/// headers and links, and nothing that tracks them; whoever may no longer be sent it when their turn comes is skipped.
/// </summary>
public sealed class CampaignSendingTests
{
    private const string Subject = "Autumn news";
    private const string Emne = "Høstnytt";

    private static readonly CampaignInput Autumn = new("Autumn 2027", new Dictionary<string, CampaignEdition>
    {
        ["en"] = new(Subject, "# What is new\n\nDashboards load **twice as fast**. Read [the changelog](https://nordlys.example/changelog)."),
        ["nb"] = new(Emne, "# Hva er nytt\n\nDashbordene lastes **dobbelt så raskt**."),
    });

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_subscriber_gets_the_campaign_once_in_their_language_with_one_click_unsubscribe_and_nothing_that_tracks(Provider provider)
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(provider, Sending(smtp));
        using var client = app.CreateClient();
        await SubscribeAndConfirmAsync(client, smtp, "anna@example.no", "en");
        await SubscribeAndConfirmAsync(client, smtp, "bjorn@example.no", "nb");
        // Signed up, never confirmed: sent nothing.
        using (await SubscribeAsync(client, "carl@example.no"))
        {
        }

        var id = await ScheduleAsync(app, Autumn);
        await UntilSentAsync(app, id);

        var anna = Assert.Single(await MailAsync(smtp, "anna@example.no", Subject));
        Assert.Contains("<strong>twice as fast</strong>", anna.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("**twice as fast**", anna.TextBody, StringComparison.Ordinal);
        // Links are left as written, and nothing is fetched when the message is opened.
        Assert.Contains("href=\"https://nordlys.example/changelog\"", anna.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", anna.HtmlBody, StringComparison.OrdinalIgnoreCase);
        var unsubscribe = Link(anna, "/newsletter/unsubscribe/");
        Assert.StartsWith($"<{new Uri(app.BaseAddress, unsubscribe)}>, <mailto:", anna.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", anna.Headers["List-Unsubscribe-Post"]);
        Assert.Single(await MailAsync(smtp, "bjorn@example.no", Emne));
        Assert.DoesNotContain(smtp.Messages, m => m.To.Contains("carl@example.no") && m.Data.Contains(Subject, StringComparison.Ordinal));

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var messages = await db.CampaignMessages.Where(m => m.CampaignId == id).ToListAsync();
            Assert.Equal(2, messages.Count);
            Assert.All(messages, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
            Assert.Equal($"<{messages.Single(m => m.MessageId == anna.MessageId).MessageId}>", anna.Headers["Message-Id"]);
        }

        // The one-click POST from the campaign unsubscribes at once.
        using var mailProgram = app.CreateClient();
        using (var oneClick = await mailProgram.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await using (var scope = app.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDb>().Subscribers.CountAsync(s => s.Status == SubscriberStatus.Unsubscribed));
    }

    [Fact]
    public async Task Mid_campaign_an_unsubscribe_an_objection_a_restriction_and_an_erasure_stop_those_messages()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Sending(smtp));
        using var client = app.CreateClient();
        string[] people = ["one@example.no", "two@example.no", "three@example.no", "four@example.no", "five@example.no", "six@example.no"];
        var pages = new Dictionary<string, string>();
        foreach (var person in people)
            pages[person] = await SubscribeAndConfirmAsync(client, smtp, person, "en");

        // The server holds on to the first campaign message until four of the others have changed their minds.
        var held = new TaskCompletionSource<string>();
        var release = new TaskCompletionSource();
        smtp.Accepting = async mail =>
        {
            if (mail.Data.Contains($"Subject: {Subject}", StringComparison.Ordinal) && held.TrySetResult(mail.To.Single()))
                await release.Task;
        };
        var id = await ScheduleAsync(app, Autumn);
        var first = await held.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var others = people.Where(p => p != first).ToList();

        var unsubscribe = pages[others[0]].Replace("/subscription/", "/unsubscribe/", StringComparison.Ordinal).Split('?')[0];
        using (var oneClick = await client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await RequestAsync(client, smtp, "objection", others[1]);
        await RequestAsync(client, smtp, "restriction", others[2]);
        await RequestAsync(client, smtp, "erasure", others[3]);
        await RequestFlow.UntilAsync(app, async db => await db.Subjects.CountAsync(s => s.RestrictedAt != null) == 1
            && await db.Subscribers.CountAsync() == 5 && await db.Subscribers.CountAsync(s => s.Status == SubscriberStatus.Unsubscribed) == 2, "the requests carried out");
        release.SetResult();
        await UntilSentAsync(app, id);

        var received = smtp.Messages.Where(m => m.Data.Contains($"Subject: {Subject}", StringComparison.Ordinal)).SelectMany(m => m.To).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { first, others[4] }.Order(StringComparer.Ordinal), received);
        await using var scope = app.CreateScope();
        var reasons = await scope.ServiceProvider.GetRequiredService<AppDb>().CampaignMessages
            .Where(m => m.CampaignId == id && m.Status == DeliveryStatus.Skipped).Select(m => m.Reason).ToListAsync();
        Assert.Equal(["restricted", "the subscription was deleted", "unsubscribed", "unsubscribed"], reasons.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_refused_address_is_marked_undeliverable_and_a_temporary_failure_is_tried_again_later()
    {
        await using var smtp = new SmtpSink();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        // Sent by this test's own calls only: the background job would also wake when the clock is moved on.
        var settings = Sending(smtp);
        settings["Newsletter:CheckEvery"] = "1.00:00:00";
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        foreach (var person in new[] { "gone@example.no", "busy@example.no", "fine@example.no" })
            await SubscribeAndConfirmAsync(client, smtp, person, "en");
        var busy = 0;
        smtp.RecipientReply = to => to switch
        {
            "gone@example.no" => "550 5.1.1 No such user",
            "busy@example.no" when Interlocked.Increment(ref busy) == 1 => "451 4.3.0 Try again later",
            _ => null,
        };
        var id = await ScheduleAsync(app, Autumn);

        await SendDueAsync(app);
        Assert.Single(await MailAsync(smtp, "fine@example.no", Subject));
        Assert.Equal(CampaignStatus.Sending, (await CampaignAsync(app, id)).Status);
        // Not before its backoff.
        await SendDueAsync(app);
        Assert.Equal(1, busy);

        time.Advance(TimeSpan.FromMinutes(2));
        await SendDueAsync(app);
        Assert.Single(await MailAsync(smtp, "busy@example.no", Subject));
        Assert.Equal(CampaignStatus.Sent, (await CampaignAsync(app, id)).Status);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var failed = await db.CampaignMessages.SingleAsync(m => m.Status == DeliveryStatus.Failed);
        Assert.Equal("refused by the SMTP server: 550", failed.Reason);
        Assert.NotNull((await db.Subscribers.SingleAsync(s => s.Id == failed.SubscriberId)).UndeliverableAt);
        Assert.Equal(2, (await db.CampaignMessages.SingleAsync(m => m.Status == DeliveryStatus.Sent && m.Attempts == 2)).Attempts);
    }

    [Theory]
    [InlineData("Autumn\r\nBcc: everyone@example.com", "# News", "editions.en.subject")]
    [InlineData("Autumn", "<script>alert(1)</script>", "editions.en.markdown")]
    [InlineData("Autumn", "Look: ![chart](https://tracker.example/pixel.gif)", "editions.en.markdown")]
    [InlineData("Autumn", "[Click](javascript:alert(1))", "editions.en.markdown")]
    [InlineData("", "# News", "editions.en.subject")]
    public async Task Bad_campaign_text_is_refused_naming_the_field(string subject, string markdown, string field)
    {
        await using var app = await TestApp.StartAsync();
        var errors = Validate(app, new CampaignInput("Autumn", new Dictionary<string, CampaignEdition> { ["en"] = new(subject, markdown) }));
        Assert.Equal([field], errors.Keys);
        Assert.False(string.IsNullOrWhiteSpace(errors[field][0]));
    }

    [Fact]
    public async Task Images_from_a_configured_host_are_allowed()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Newsletter:ImageHosts"] = "images.nordlys.example" });
        Assert.Empty(Validate(app, new CampaignInput("Autumn", new Dictionary<string, CampaignEdition> { ["en"] = new("Autumn", "![Chart](https://images.nordlys.example/chart.png)") })));
        Assert.Equal(["editions.en.markdown"], Validate(app, new CampaignInput("Autumn", new Dictionary<string, CampaignEdition> { ["en"] = new("Autumn", "![Chart](http://images.nordlys.example/chart.png)") })).Keys);
    }

    internal static Dictionary<string, string?> Sending(SmtpSink smtp) => new(Settings(smtp))
    {
        ["Newsletter:CheckEvery"] = "00:00:00.200",
        ["Newsletter:MessagesPerSecond"] = "200",
    };

    /// <summary>Subscribes and confirms over SMTP; returns the path of the subscriber's page.</summary>
    internal static async Task<string> SubscribeAndConfirmAsync(HttpClient client, SmtpSink smtp, string email, string language, bool production = false)
    {
        using (var response = await SubscribeAsync(client, email, language))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var t = language == "nb"
            ? (Confirm: "Bekreft abonnementet på nyhetsbrevet", Welcome: "Velkommen til nyhetsbrevet vårt", Confirmed: "abonnementet ditt er bekreftet")
            : (Confirm: "Confirm your newsletter subscription", Welcome: "Welcome to our newsletter", Confirmed: "your subscription is confirmed");
        // The outbox may deliver a message twice if its claim runs out mid-delivery (a short Vern:WorkLease under load);
        // it is then the same message, with the same Message-ID.
        var confirmation = (await MailAsync(smtp, email, t.Confirm)).DistinctBy(m => m.MessageId).Single();
        var confirm = Link(confirmation, "/newsletter/confirm/");
        using (var confirmed = production ? await StaffSessions.PostFormToProductionAsync(client, confirm, []) : await StaffSessions.PostFormAsync(client, confirm, []))
            Assert.Contains(t.Confirmed, await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return Link((await MailAsync(smtp, email, t.Welcome)).DistinctBy(m => m.MessageId).Single(), "/newsletter/subscription/");
    }

    private static async Task<Guid> ScheduleAsync(TestApp app, CampaignInput input)
    {
        await using var scope = app.CreateScope();
        var campaigns = scope.ServiceProvider.GetRequiredService<Campaigns>();
        Assert.Empty(campaigns.Validate(input));
        var campaign = await campaigns.CreateAsync(input, "marketing@nordlys.example", CancellationToken.None);
        Assert.True(await campaigns.ScheduleAsync(campaign.Id, app.Get<TimeProvider>().GetUtcNow().UtcDateTime, "marketing@nordlys.example", CancellationToken.None));
        return campaign.Id;
    }

    private static Dictionary<string, string[]> Validate(TestApp app, CampaignInput input)
    {
        using var scope = app.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Campaigns>().Validate(input);
    }

    private static async Task SendDueAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CampaignSending>().SendDueAsync("test-sender", CancellationToken.None);
    }

    private static async Task<Campaign> CampaignAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static Task UntilSentAsync(TestApp app, Guid id) =>
        RequestFlow.UntilAsync(app, async db => (await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id)).Status == CampaignStatus.Sent, "the campaign sent");

    private static Task<Guid> RequestAsync(HttpClient client, SmtpSink smtp, string type, string email) =>
        RequestFlow.SubmitAndConfirmAsync(client, type, email, async () => (await MailAsync(smtp, email, "Confirm your privacy request")).Single());
}
