using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Blocks;
using Vern.Features.Retention;
using Vern.Features.Staff;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Blocks;

/// <summary>
/// Fraud blocks: a blocked person's sign-up is answered exactly as when the service is unavailable, while their rights
/// request is taken; they are told by e-mail how to contest, and a contest reaches a person who decides it; a signal only
/// holds a network, and the hold lapses after 24 hours unless someone confirms it; reviewers are reminded a day before a
/// contest's deadline; blocks are in the person's access
/// package and are deleted a year after they end.
/// </summary>
public sealed class BlockTests
{
    private const string Officer = "po@nordlys.example";
    private const string Blocked = "mallory@example.net";
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_block_stops_a_sign_up_as_an_unavailable_service_would_while_a_rights_request_is_taken_and_a_contest_reaches_a_person(Provider provider)
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        // The test reminds the reviewers itself, at the moments it chooses.
        settings["Blocks:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer);
        using var visitor = app.CreateClient();

        var block = await PlaceAsync(app, Blocked, "Three stolen cards used to sign up within a day.");
        var notice = (await MailAsync(smtp, Blocked, "Nordlys Analytics AS has blocked your access")).Single();
        Assert.Contains("decided this; it was not decided by a machine alone", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("/privacy/contest?lang=en", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen cards", notice.TextBody, StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
        {
            var (_, again) = await scope.ServiceProvider.GetRequiredService<FraudBlocks>()
                .PlaceAsync(new BlockInput(Blocked.ToUpperInvariant(), "Again.", new DateOnly(2027, 2, 1), "en"), Officer, CancellationToken.None);
            Assert.Equal("This address is blocked already, to and including 2027-01-31: lift that block first to place another.", Assert.Single(again["email"]));
        }

        // The sign-up is refused word for word as a database out of reach is, and nothing of it is kept.
        using (var refused = await visitor.PostAsJsonAsync("/api/v1/submissions", SignUp(Blocked)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("30", refused.Headers.RetryAfter?.ToString());
            var problem = await refused.Content.ReadFromJsonAsync<Problem>();
            Assert.Equal("Vern is unavailable for a moment.", problem!.Title);
            Assert.Equal("Vern cannot reach its storage right now; try again in 30 seconds.", problem.Detail);
        }
        using (var newsletter = await SubscribeAsync(visitor, " Mallory@Example.net "))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, newsletter.StatusCode);
        using (var other = await visitor.PostAsJsonAsync("/api/v1/submissions", SignUp("alice@example.net")))
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        // A blocked person keeps their rights.
        using (var request = await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = Blocked }))
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(1, await db.Submissions.CountAsync());
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "block.refused" && e.Details == FraudBlocks.Details(block)));
        }

        // The page answers alike for an address no block holds; for the blocked one a review opens with its deadline.
        using var contester = app.CreateClient();
        var stranger = await ContestAsync(contester, "nobody@example.net", "Why?");
        var sent = await ContestAsync(contester, Blocked, "The cards are mine; my bank can confirm it.");
        Assert.Equal(stranger, sent);
        Assert.Contains("a person will answer you by e-mail", sent, StringComparison.Ordinal);
        var review = (await MailAsync(smtp, Officer, "A block was contested")).Single();
        Assert.Contains("by 2026-12-14 09:00 UTC", review.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/admin/blocks/{block}", review.TextBody, StringComparison.Ordinal);
        Assert.Contains("no later than 2026-12-14", (await MailAsync(smtp, Blocked, "Nordlys Analytics AS has received your objection to a block")).Single().TextBody, StringComparison.Ordinal);

        // A day before the deadline the reviewers are reminded, once.
        await using (var scope = app.CreateScope())
        {
            var blocks = scope.ServiceProvider.GetRequiredService<FraudBlocks>();
            time.Advance(TimeSpan.FromDays(5.9));
            Assert.Equal(0, await blocks.RemindAsync(CancellationToken.None));
            time.Advance(TimeSpan.FromDays(0.1));
            Assert.Equal(1, await blocks.RemindAsync(CancellationToken.None));
            Assert.Equal(0, await blocks.RemindAsync(CancellationToken.None));
        }
        Assert.Contains($"/admin/blocks/{block}", (await MailAsync(smtp, Officer, "A contest of a block is due for review by 2026-12-14 09:00 UTC")).Single().TextBody, StringComparison.Ordinal);

        // The reviewer reads the statement (audited), lifts the block, and the person is told why; they can sign up again.
        await using (var scope = app.CreateScope())
        {
            var blocks = scope.ServiceProvider.GetRequiredService<FraudBlocks>();
            var contest = Assert.Single(await blocks.ContestsOfAsync(block, CancellationToken.None));
            Assert.Equal("The cards are mine; my bank can confirm it.", await blocks.OpenStatementAsync(contest, Officer, CancellationToken.None));
            Assert.Null(await blocks.DecideAsync(contest.Id, ContestOutcome.Lifted, "The bank confirmed the cards are the person's own.", Officer, CancellationToken.None));
            Assert.Equal(BlockState.Lifted, (await blocks.FindAsync(block, CancellationToken.None))!.StateAt(blocks.Now));
        }
        var answer = (await MailAsync(smtp, Blocked, "Nordlys Analytics AS has reviewed your objection to a block")).Single();
        Assert.Contains("lifted the block", answer.TextBody, StringComparison.Ordinal);
        Assert.Contains("The bank confirmed the cards are the person's own.", answer.TextBody, StringComparison.Ordinal);
        using (var again = await visitor.PostAsJsonAsync("/api/v1/submissions", SignUp(Blocked)))
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_signal_only_holds_a_network_and_the_hold_lapses_after_24_hours_unless_a_person_confirms_it(Provider provider)
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Blocks:Signals:FailedSubmissionsPerHour"] = "3";
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer);
        using var client = app.CreateClient();

        async Task<HttpStatusCode> SignUpAsync(string email)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/submissions", SignUp(email));
            return response.StatusCode;
        }
        async Task FailAsync(int times)
        {
            for (var i = 0; i < times; i++)
                Assert.Equal(HttpStatusCode.BadRequest, await SignUpAsync("not an address"));
        }

        await FailAsync(2);
        Assert.Equal(HttpStatusCode.Created, await SignUpAsync("first@example.net"));
        await FailAsync(1);
        var held = (await MailAsync(smtp, Officer, "A signal holds network 127.0.0.0/24: confirm within 24 hours or it lapses")).Single();
        Assert.Contains("lapses at 2026-12-08 09:00 UTC", held.TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SignUpAsync("second@example.net"));
        using (var request = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "second@example.net" }))
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);

        // Nobody confirms it: at 24 hours it lapses by itself, and no one is refused any more.
        time.Advance(TimeSpan.FromHours(23.9));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SignUpAsync("second@example.net"));
        time.Advance(TimeSpan.FromHours(0.1));
        Assert.Equal(HttpStatusCode.Created, await SignUpAsync("second@example.net"));
        var hold = await OnlyBlockAsync(app);
        Assert.Equal(BlockState.Lapsed, hold.StateAt(time.GetUtcNow().UtcDateTime));

        // A new hold that a person confirms stands past the 24 hours, to the day they chose.
        time.Advance(TimeSpan.FromHours(1));
        await FailAsync(3);
        await using (var scope = app.CreateScope())
        {
            var blocks = scope.ServiceProvider.GetRequiredService<FraudBlocks>();
            var second = (await blocks.ListAsync(CancellationToken.None)).First();
            Assert.Equal(BlockState.Hold, second.StateAt(blocks.Now));
            Assert.NotNull(await blocks.ConfirmAsync(hold.Id, new DateOnly(2026, 12, 20), Officer, CancellationToken.None));
            Assert.Null(await blocks.ConfirmAsync(second.Id, new DateOnly(2026, 12, 20), Officer, CancellationToken.None));
        }
        time.Advance(TimeSpan.FromHours(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SignUpAsync("third@example.net"));
        time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.Created, await SignUpAsync("third@example.net"));
    }

    [Fact]
    public async Task A_block_is_in_the_persons_access_package_and_is_deleted_a_year_after_it_ends()
    {
        await using var smtp = new SmtpSink();
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var visitor = app.CreateClient();
        using (var known = await visitor.PostAsJsonAsync("/api/v1/submissions", SignUp(Blocked)))
            Assert.Equal(HttpStatusCode.Created, known.StatusCode);
        var block = await PlaceAsync(app, Blocked, "Shared one licence key across forty companies.");

        await using (var scope = app.CreateScope())
        {
            var subjectId = (await scope.ServiceProvider.GetRequiredService<AppDb>().Blocks.SingleAsync()).SubjectId!.Value;
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "blocks");
            var export = await source.ExportAsync(new DataSubject(subjectId, Blocked, []), CancellationToken.None);
            var row = Assert.Single(export.Rows);
            Assert.Equal(["2026-12-07", "2027-01-31", "active", "Shared one licence key across forty companies.", null], row);
            Assert.Equal("Blocks for suspected fraud", export.Title);
        }

        // It ended on its last day; a year later the retention run deletes it with its audit entry.
        time.SetUtcNow(new DateTimeOffset(2028, 1, 30, 12, 0, 0, TimeSpan.Zero));
        await RunRetentionAsync(app);
        await using (var scope = app.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AppDb>().Blocks.AnyAsync());
        time.SetUtcNow(new DateTimeOffset(2028, 2, 2, 12, 0, 0, TimeSpan.Zero));
        await RunRetentionAsync(app);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.False(await db.Blocks.AnyAsync());
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "block.deleted" && e.Details!.StartsWith(FraudBlocks.Details(block))));
        }
    }

    private sealed record Problem(string Title, string Detail);

    private static object SignUp(string email) => new { form = "signup", purpose = "customer-relationship", email, name = "Mallory", policyVersion = 1 };

    private static async Task<Guid> PlaceAsync(TestApp app, string email, string reason)
    {
        await using var scope = app.CreateScope();
        var (block, errors) = await scope.ServiceProvider.GetRequiredService<FraudBlocks>()
            .PlaceAsync(new BlockInput(email, reason, new DateOnly(2027, 1, 31), "en"), Officer, CancellationToken.None);
        Assert.Empty(errors);
        return block!.Id;
    }

    private static async Task<Block> OnlyBlockAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Blocks.AsNoTracking().SingleAsync();
    }

    private static async Task<string> ContestAsync(HttpClient client, string email, string statement)
    {
        using var response = await StaffSessions.PostFormAsync(client, "/privacy/contest", new() { ["Email"] = email, ["Statement"] = statement });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        return page[page.IndexOf("<main", StringComparison.Ordinal)..];
    }

    private static async Task RunRetentionAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }
}
