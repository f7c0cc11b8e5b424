using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Newsletter;

/// <summary>
/// Double opt-in over a real SMTP server: only the e-mailed confirmation subscribes, it is recorded in the consent
/// ledger with a receipt, every newsletter e-mail carries one-click unsubscribe, and an unsubscribed address is kept
/// only as a keyed hash that no sign-up can add back without a new confirmation.
/// </summary>
public sealed class SubscriptionTests
{
    private const string Email = "ingrid.reader@example.no";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Only_the_confirmation_subscribes_it_is_in_the_ledger_and_one_POST_unsubscribes(Provider provider)
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(provider, Settings(smtp));
        using var client = app.CreateClient();

        using (var response = await SubscribeAsync(client, Email, "nb"))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await MailAsync(smtp, Email, "Bekreft abonnementet på nyhetsbrevet")).Single();
        var subjectId = await SubjectIdAsync(app);
        Assert.Equal(ProcessingRefusal.NoConsent, await RefusalAsync(app, subjectId));

        // Opening the link, as a mail scanner does, changes nothing.
        var confirm = Link(confirmation, "/newsletter/confirm/");
        var page = await client.GetStringAsync(confirm);
        Assert.Contains("Ved å bekrefte samtykker du til å få dette på e-post til denne adressen: Nyhetsbrev.", page, StringComparison.Ordinal);
        Assert.Empty(await NewsletterRecordsAsync(app));

        using (var confirmed = await StaffSessions.PostFormAsync(client, confirm, []))
            Assert.Contains("abonnementet ditt er bekreftet", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var given = Assert.Single(await NewsletterRecordsAsync(app));
        Assert.Equal(ConsentAction.Confirm, given.Action);
        Assert.Equal("""{"newsletter":true}""", given.Categories);
        Assert.Equal("nb", given.Language);
        var model = app.Get<ModelStore>().Current.Model;
        Assert.Equal(NewsletterConsent.TextHash(NewsletterConsent.Category(model)!, "nb"), given.TextHash);
        Assert.Equal((await app.Get<ConsentCatalogue>().GetAsync(CancellationToken.None)).PolicyVersions.GetValueOrDefault("nb"), given.PolicyVersion);
        Assert.Null(await RefusalAsync(app, subjectId));
        using (var receipt = await client.GetAsync($"/api/v1/consent/decisions/{given.Id}/receipt"))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            var json = JsonNode.Parse(await receipt.Content.ReadAsStringAsync())!;
            Assert.False(string.IsNullOrEmpty(json["receipt"]!.GetValue<string>()));
        }

        // A replayed link does nothing.
        using (var replayed = await StaffSessions.PostFormAsync(client, confirm, [], tokenFrom: "/privacy/requests"))
            Assert.Contains("Denne lenken er ikke lenger gyldig", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await NewsletterRecordsAsync(app));

        var welcome = (await MailAsync(smtp, Email, "Velkommen til nyhetsbrevet vårt")).Single();
        var unsubscribe = Link(welcome, "/newsletter/unsubscribe/");
        Assert.StartsWith($"<{new Uri(app.BaseAddress, unsubscribe)}>, <mailto:", welcome.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", welcome.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("/newsletter/subscription/", welcome.TextBody, StringComparison.Ordinal);
        Assert.Contains("/newsletter/unsubscribe/", welcome.HtmlBody, StringComparison.Ordinal);

        // RFC 8058: what a mail program sends, without cookies or a form token.
        using var mailProgram = app.CreateClient();
        using (var oneClick = await mailProgram.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        var records = await NewsletterRecordsAsync(app);
        Assert.Equal([ConsentAction.Confirm, ConsentAction.Withdraw], records.Select(r => r.Action));
        Assert.Equal("""{"newsletter":false}""", records[1].Categories);
        Assert.Equal(ProcessingRefusal.ConsentWithdrawn, await RefusalAsync(app, subjectId));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(SubscriberStatus.Unsubscribed, (await db.Subscribers.SingleAsync()).Status);
            var lookup = await scope.ServiceProvider.GetRequiredService<LookupHasher>().HashEmailAsync(Email);
            Assert.Equal(lookup, (await db.NewsletterSuppressions.SingleAsync()).EmailLookup);
        }

        // Sent twice, the second does nothing more.
        using (var again = await mailProgram.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await NewsletterRecordsAsync(app)).Count);
        Assert.DoesNotContain(Email, app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suppressed_address_needs_a_new_confirmation_and_a_subscribed_one_is_sent_nothing_with_the_same_answer()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        using var client = app.CreateClient();
        await SubscribeAndConfirmAsync(client, smtp, 1);
        using (var subscribed = await SubscribeAsync(client, Email))
            Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        // Delivery happens before the answer: nothing more came for the subscribed address.
        Assert.Equal(2, smtp.Messages.Count);

        var welcome = (await MailAsync(smtp, Email, "Welcome to our newsletter")).Single();
        using (var oneClick = await client.PostAsync(Link(welcome, "/newsletter/unsubscribe/"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        using (var again = await SubscribeAsync(client, Email))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var confirmations = await MailAsync(smtp, Email, "Confirm your newsletter subscription", count: 2);
        var subjectId = await SubjectIdAsync(app);
        // Until the new link is confirmed, the address stays unsubscribed and suppressed.
        Assert.Equal(ProcessingRefusal.ConsentWithdrawn, await RefusalAsync(app, subjectId));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(SubscriberStatus.Unsubscribed, (await db.Subscribers.SingleAsync()).Status);
            Assert.Equal(1, await db.NewsletterSuppressions.CountAsync());
        }

        var confirm = Link(confirmations[1], "/newsletter/confirm/");
        using (var confirmed = await StaffSessions.PostFormAsync(client, confirm, []))
            Assert.Contains("your subscription is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await RefusalAsync(app, subjectId));
        await using (var scope = app.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().NewsletterSuppressions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_sign_ups_of_one_new_address_at_once_are_both_answered_and_make_one_subscription(Provider provider)
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(provider, Settings(smtp));
        using var client = app.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubscribeAsync(client, Email)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        foreach (var answer in answers)
            answer.Dispose();
        await using var scope = app.CreateScope();
        Assert.Equal(SubscriberStatus.Pending, (await scope.ServiceProvider.GetRequiredService<AppDb>().Subscribers.SingleAsync()).Status);
        await MailAsync(smtp, Email, "Confirm your newsletter subscription");
    }

    [Fact]
    public async Task The_suppression_list_and_the_subscription_hold_no_readable_address_in_the_database_files()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        using var client = app.CreateClient();
        await SubscribeAndConfirmAsync(client, smtp, 1);
        var welcome = (await MailAsync(smtp, Email, "Welcome to our newsletter")).Single();
        using (var oneClick = await client.PostAsync(Link(welcome, "/newsletter/unsubscribe/"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        var wal = Path.Combine(app.DataDirectory, "vern.db-wal");
        AssertNoAddress(await File.ReadAllBytesAsync(wal), wal);
        SqlitePools.Clear(app.DataDirectory);
        foreach (var file in Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories))
            AssertNoAddress(await File.ReadAllBytesAsync(file), file);
    }

    [Theory]
    [InlineData("""{"email":"not-an-address","language":"en"}""", "email")]
    [InlineData("""{"email":"reader@example.no\r\nBcc: everyone@example.no","language":"en"}""", "email")]
    [InlineData("""{"email":"Reader <reader@example.no>","language":"en"}""", "email")]
    [InlineData("""{"email":"reader@example.no, other@example.no","language":"en"}""", "email")]
    [InlineData("""{"email":"reader@example.no","language":"de"}""", "language")]
    [InlineData("""{"email":"reader@example.no"}""", "language")]
    [InlineData("""{"email":"reader@example.no","language":"en","visitorId":"made-up"}""", "visitorId")]
    [InlineData("""{"email":5,"language":"en"}""", "email")]
    [InlineData("""[1,2]""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_kept_or_sent(string body, string field)
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/v1/newsletter/subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Subscribers.CountAsync());
        Assert.Equal(0, await db.Subjects.CountAsync());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_and_unknown_tokens_change_nothing()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var huge = $$"""{"email":"reader@example.no","language":"en","padding":"{{new string('x', 5000)}}"}""";
        using (var response = await client.PostAsync("/api/v1/newsletter/subscriptions", new StringContent(huge, System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        using (var oneClick = await client.PostAsync("/newsletter/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.NotFound, oneClick.StatusCode);
        Assert.Contains("This link is no longer valid", await client.GetStringAsync("/newsletter/confirm/not-a-token"), StringComparison.Ordinal);
        Assert.Contains("This link does not belong to a subscription we hold", await client.GetStringAsync("/newsletter/subscription/not-a-token"), StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords.CountAsync());
    }

    private static async Task SubscribeAndConfirmAsync(HttpClient client, Vern.Tests.Infrastructure.SmtpSink smtp, int confirmations)
    {
        using (var response = await SubscribeAsync(client, Email))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await MailAsync(smtp, Email, "Confirm your newsletter subscription", confirmations))[^1];
        using var confirmed = await StaffSessions.PostFormAsync(client, Link(confirmation, "/newsletter/confirm/"), []);
        Assert.Contains("your subscription is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await MailAsync(smtp, Email, "Welcome to our newsletter");
    }

    private static async Task<Guid> SubjectIdAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(Email) ?? throw new InvalidOperationException("Not in the vault.");
    }

    private static async Task<ProcessingRefusal?> RefusalAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ProcessingGate>().CheckAsync(subjectId, NewsletterConsent.Purpose, null, CancellationToken.None)).Refusal;
    }

    private static async Task<List<ConsentRecord>> NewsletterRecordsAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorId.StartsWith("newsletter-")).OrderBy(r => r.Sequence).ToListAsync();
    }

    private static void AssertNoAddress(byte[] haystack, string where)
    {
        foreach (var needle in new[] { Email, Email.ToUpperInvariant(), "ingrid.reader" })
            foreach (var encoding in new System.Text.Encoding[] { System.Text.Encoding.UTF8, System.Text.Encoding.Unicode })
                Assert.True(haystack.AsSpan().IndexOf(encoding.GetBytes(needle)) < 0, $"'{needle}' found in {where}");
    }
}
