using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

public sealed class RetentionRunTests
{
    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset Contacted = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_contact_is_forgotten_on_the_day_two_years_after_the_last_contact_not_a_day_earlier(Provider provider)
    {
        var time = new FakeTimeProvider(Contacted);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, "kari@example.no", "customer-relationship");
        time.Advance(TimeSpan.FromDays(30));
        // Ola's last contact is a month later, so the same rule reaches him a month later.
        var ola = await SubmitAsync(app, client, "ola@example.no", "customer-relationship");
        await SubmitAsync(app, client, "ola@example.no", "customer-relationship");

        // 23:59 in Oslo on 9 January 2029: the last day before Kari's two years are up.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 22, 59, 0, TimeSpan.Zero));
        var early = await RunAsync(app);
        Assert.Equal(0, early!.Total);
        Assert.NotNull(await RevealAsync(app, kari));

        // Just after midnight in Oslo on 10 January 2029: due today.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 23, 1, 0, TimeSpan.Zero));
        var due = await RunAsync(app);
        Assert.Equal(1, due!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Null(await RevealAsync(app, kari));
        Assert.NotNull(await RevealAsync(app, ola));
        // The run of the day is done: running again the same day does nothing.
        Assert.Null(await RunAsync(app));

        time.SetUtcNow(new DateTimeOffset(2029, 2, 8, 23, 1, 0, TimeSpan.Zero));
        var later = await RunAsync(app);
        Assert.Equal(2, later!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Null(await RevealAsync(app, ola));

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Submissions.CountAsync());
        // Each forgotten person is in the erasure ledger, so a restored backup forgets them again.
        Assert.Equal(2, await db.ErasureLedger.CountAsync(e => e.Sources == "retention:contacts-2-years"));
        var runs = await db.AuditEntries.Where(e => e.Action == "retention.run").OrderBy(e => e.Id).Select(e => e.Details).ToListAsync();
        Assert.Equal(["2029-01-09: nothing was due", "2029-01-10: contacts-2-years subjects 1", "2029-02-09: contacts-2-years subjects 2"], runs);
    }

    [Fact]
    public async Task A_subscription_goes_30_days_after_the_person_unsubscribed_and_their_objection_is_remembered()
    {
        var time = new FakeTimeProvider(Contacted);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, "kari@example.no", "newsletter");
        await SubmitAsync(app, client, "kari@example.no", "customer-relationship");
        time.Advance(TimeSpan.FromDays(100));
        await using (var scope = app.CreateScope())
        {
            // Unsubscribing is an objection to direct marketing (Art. 21(3)).
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await db.Subjects.Where(s => s.Id == kari).ExecuteUpdateAsync(u => u.SetProperty(s => s.MarketingObjectionAt, time.GetUtcNow().UtcDateTime));
        }

        time.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("newsletter-until-unsubscribed", "subjects")]);

        await using var check = app.CreateScope();
        var left = await check.ServiceProvider.GetRequiredService<AppDb>().Submissions.Select(s => s.Purpose).ToListAsync();
        Assert.Equal(["customer-relationship"], left);
        // The person is kept, so that marketing is never sent to them again.
        Assert.NotNull(await RevealAsync(app, kari));
    }

    [Fact]
    public async Task Two_servers_on_one_database_run_retention_once_a_day()
    {
        var time = new FakeTimeProvider(Contacted);
        await using var first = await TestApp.StartAsync(Provider.Postgres, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var shared = first.VerbArguments.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(a => a[0], a => (string?)a[1]);
        await using var second = await TestApp.StartAsync(Provider.Sqlite, settings: shared, configure: b => b.Services.AddSingleton<TimeProvider>(time));

        var outcomes = await Task.WhenAll(RunAsync(first), RunAsync(second), RunAsync(first), RunAsync(second));

        Assert.Single(outcomes, o => o is not null);
        await using var scope = first.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(1, await db.RetentionRuns.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "retention.run"));
    }

    [Fact]
    public async Task A_contact_who_subscribed_to_the_newsletter_keeps_their_address_when_the_contact_is_deleted()
    {
        var time = new FakeTimeProvider(Contacted);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, "kari@example.no", "customer-relationship");
        await Newsletter.NewsletterRetentionTests.SubscribeAndConfirmAsync(app, client, "kari@example.no");

        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 23, 1, 0, TimeSpan.Zero));
        var due = await RunAsync(app);

        // The contact's message goes under its rule; the person, whose address the newsletter uses, stays.
        Assert.Equal(1, due!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Equal("kari@example.no", (await RevealAsync(app, kari))?.Email);
        await using var scope = app.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().ErasureLedger.CountAsync());
    }

    private static async Task<Guid> SubmitAsync(TestApp app, HttpClient client, string email, string purpose)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose, email, message = "Please call me." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(email))!.Value;
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
