using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Newsletter;

/// <summary>
/// The policy's promise: a subscriber's details are deleted 30 days after they unsubscribe, unless they ticked the
/// separate "keep my details" choice; a sign-up never confirmed goes 30 days after its link expired. Only the address's
/// keyed hash stays on the suppression list, and a person left with nothing else is forgotten.
/// </summary>
public sealed class NewsletterRetentionTests
{
    private const string Email = "sigrid.reader@example.no";
    private const string Rule = "newsletter-until-unsubscribed";

    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_unsubscribed_person_is_deleted_on_the_30th_day_and_only_the_suppression_hash_stays(Provider provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var page = await SubscribeAndConfirmAsync(app, client);
        var subjectId = await SubjectIdAsync(app);
        time.Advance(TimeSpan.FromDays(100));
        using (var unsubscribed = await StaffSessions.PostFormAsync(client, Handler(page, "Unsubscribe"), []))
        {
            var html = await unsubscribed.Content.ReadAsStringAsync();
            // Unsubscribed on 20 April 2027: deleted on 20 May.
            Assert.Contains("We delete your details on 2027-05-20", html, StringComparison.Ordinal);
        }

        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 21, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.NotNull(await RevealAsync(app, subjectId));

        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "newsletter")]);
        Assert.Null(await RevealAsync(app, subjectId));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Subscribers.CountAsync());
        Assert.Equal(1, await db.NewsletterSuppressions.CountAsync());
        Assert.Equal(1, await db.ErasureLedger.CountAsync(e => e.Sources == $"retention:{Rule}"));
        // The page's link now finds nothing, and says so.
        Assert.Contains("This link does not belong to a subscription we hold", await client.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_my_details_keeps_them_a_year_more_until_the_person_withdraws_it()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var page = await SubscribeAndConfirmAsync(app, client);
        var subjectId = await SubjectIdAsync(app);
        var form = await client.GetStringAsync(page);
        // The choice is separate and not ticked for the person.
        Assert.Contains("""<input id="keepDetails" name="KeepDetails" type="checkbox" value="true" aria-describedby="keep-details-hint">""", form, StringComparison.Ordinal);
        using (var unsubscribed = await StaffSessions.PostFormAsync(client, Handler(page, "Unsubscribe"), new() { ["KeepDetails"] = "true" }))
            // Unsubscribed on 10 January 2027: 30 days and a year more.
            Assert.Contains("we delete them on 2028-02-09 at the latest", await unsubscribed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.NotNull(await RevealAsync(app, subjectId));

        // Withdrawn, the details go at the next day's run, as they would have without the choice.
        using (var released = await StaffSessions.PostFormAsync(client, Handler(page, "Release"), []))
            Assert.Contains("We delete your details as first planned", await released.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "newsletter")]);
        Assert.Null(await RevealAsync(app, subjectId));
    }

    [Fact]
    public async Task Kept_details_go_when_the_extra_year_is_over()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var page = await SubscribeAndConfirmAsync(app, client);
        var subjectId = await SubjectIdAsync(app);
        using (await StaffSessions.PostFormAsync(client, Handler(page, "Unsubscribe"), new() { ["KeepDetails"] = "true" }))
        {
        }

        time.SetUtcNow(new DateTimeOffset(2028, 2, 8, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(2028, 2, 8, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "newsletter")]);
        Assert.Null(await RevealAsync(app, subjectId));
    }

    [Fact]
    public async Task A_sign_up_never_confirmed_goes_30_days_after_its_link_expired()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        using (var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = Email, language = "en" }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var subjectId = await SubjectIdAsync(app);

        // The link works for 7 days, until 17 January at 10:00; 30 days on is 16 February.
        time.SetUtcNow(new DateTimeOffset(2027, 2, 15, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(2027, 2, 15, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "newsletter")]);
        Assert.Null(await RevealAsync(app, subjectId));
        await using var scope = app.CreateScope();
        // Never subscribed, so never suppressed: signing up again is simply a new sign-up.
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().NewsletterSuppressions.CountAsync());
    }

    /// <summary>Subscribes and confirms through the outbox; returns the path of the subscriber's page from the welcome e-mail.</summary>
    internal static async Task<string> SubscribeAndConfirmAsync(TestApp app, HttpClient client, string email = Email)
    {
        using (var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, language = "en" }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = (await RequestFlow.OutboxAsync(app)).Last(m => m.Subject == "Confirm your newsletter subscription" && m.To.Mailboxes.Any(t => t.Address == email));
        using (var confirmed = await StaffSessions.PostFormAsync(client, NewsletterMailbox.Link(confirmation, "/newsletter/confirm/"), []))
            Assert.Contains("your subscription is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var welcome = (await RequestFlow.OutboxAsync(app)).Last(m => m.Subject == "Welcome to our newsletter" && m.To.Mailboxes.Any(t => t.Address == email));
        return NewsletterMailbox.Link(welcome, "/newsletter/subscription/");
    }

    /// <summary>The page's address with the form's handler added to its query (it has the language in it already).</summary>
    private static string Handler(string page, string handler) => $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";

    private static async Task<Guid> SubjectIdAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(Email) ?? throw new InvalidOperationException("Not in the vault.");
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    private static async Task<PersonalDetails?> RevealAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId, CancellationToken.None);
    }
}
