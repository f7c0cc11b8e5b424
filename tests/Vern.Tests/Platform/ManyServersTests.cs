using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Platform;

/// <summary>
/// Every background job runs on both of two servers sharing one PostgreSQL database, at the same moment where
/// a shared clock allows, and each piece of work is done once: one e-mail, one audit entry, one erasure.
/// </summary>
public sealed class ManyServersTests
{
    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    // How long a duplicate would take to show up after the first: far longer than a second delivery over loopback.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Confirmed_requests_are_carried_out_and_answered_once_each()
    {
        await using var servers = await TwoServers.StartAsync();
        var people = Enumerable.Range(1, 4).Select(i => new PersonalDetails($"person{i}@example.no", $"Person {i}")).ToList();
        var links = new List<string>();
        foreach (var person in people)
        {
            await RequestFlow.KnownPersonAsync(servers.First, person);
            links.Add(await SubmitAsync(servers, servers.First, "erasure", person.Email!));
        }

        // Asked for on one server and confirmed together on the other, whose fulfilment each confirmation wakes; the
        // first server's is woken too and both run once more besides, so several runs find the same requests ready.
        await Task.WhenAll(links.Select(ConfirmOnSecondAsync));
        var fulfilments = servers.Both.Select(s => s.Get<RightsFulfilmentService>()).ToList();
        fulfilments.ForEach(f => f.Wake());
        await Task.WhenAll(fulfilments.Select(f => f.RunOnceAsync(CancellationToken.None)));

        foreach (var person in people)
            await WaitForMailsAsync(servers, person.Email!, 2);
        await Task.Delay(Settle);
        foreach (var person in people)
            Assert.Equal(["Confirm your privacy request", "Your privacy request is complete"], Subjects(servers, person.Email!));
        await using var scope = servers.First.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.All(await db.RightsRequests.Select(r => r.Status).ToListAsync(), s => Assert.Equal(RightsRequestStatus.Completed, s));
        Assert.Equal(4, await db.ErasureLedger.CountAsync());
        Assert.Equal(4, await db.ErasureLedger.Select(e => e.SubjectId).Distinct().CountAsync());
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == "subject.erased"));
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == "rights-request.completed"));
        Assert.Equal(4, await db.RequestMessages.CountAsync(m => m.Kind == RequestMessageKind.Completion));

        async Task ConfirmOnSecondAsync(string link)
        {
            using var visitor = servers.Second.CreateClient();
            var path = new Uri(link).PathAndQuery;
            var token = Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
            (await StaffSessions.PostFormAsync(visitor, path, new() { ["Token"] = token })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task E_mails_a_stopped_server_left_are_delivered_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var servers = await TwoServers.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        // Saved but never handed over, as a server that died after its commit leaves them: claimed for the lease.
        await using (var scope = servers.First.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
            for (var i = 0; i < 5; i++)
                await outbox.AddAsync(new OutgoingEmail($"person{i}@example.no", "Your privacy request is complete", "Done."), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        // Both servers look for abandoned messages at the same ticks of the shared clock, once the claims ran out.
        time.Advance(TimeSpan.FromMinutes(5));
        await AdvanceUntilAsync(time, TimeSpan.FromMinutes(1), () => servers.Smtp.Messages.Count >= 5, "five deliveries");
        time.Advance(TimeSpan.FromMinutes(6));
        await Task.Delay(Settle);

        var mails = servers.Smtp.Messages.Select(Parse).ToList();
        Assert.Equal(5, mails.Count);
        Assert.Equal(5, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"person{i}@example.no"), mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var check = servers.Second.CreateScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<AppDb>().OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task Unconfirmed_requests_expire_and_each_person_is_told_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var servers = await TwoServers.StartAsync(
            new Dictionary<string, string?> { ["Vern:Rights:Expiry:Enabled"] = "true", ["Rights:UnverifiedExpiry"] = "PT1M" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        var people = Enumerable.Range(1, 4).Select(i => $"person{i}@example.no").ToList();
        foreach (var email in people)
            await SubmitAsync(servers, servers.First, "access", email);

        // Both servers started their expiry jobs at the same instant of the shared clock, so both first runs are due at
        // this one: two minutes on, when the requests are a minute past their expiry.
        time.Advance(TimeSpan.FromMinutes(2));

        foreach (var email in people)
            await WaitForMailsAsync(servers, email, 2);
        await Task.Delay(Settle);
        foreach (var email in people)
            Assert.Equal(["Confirm your privacy request", "Your privacy request was not confirmed"], Subjects(servers, email));
        await using var scope = servers.Second.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.All(await db.RightsRequests.Select(r => r.Status).ToListAsync(), s => Assert.Equal(RightsRequestStatus.Expired, s));
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == "rights-request.expired"));
        Assert.Equal(4, await db.RequestMessages.CountAsync(m => m.Kind == RequestMessageKind.Expiry));
    }

    [Fact]
    public async Task A_hold_that_ended_is_released_and_the_person_erased_once()
    {
        await using var servers = await TwoServers.StartAsync();
        var subjectId = await RequestFlow.KnownPersonAsync(servers.First, new PersonalDetails("per.hansen@example.no", "Per Hansen"));
        await using (var scope = servers.First.CreateScope())
        {
            // Erasure was asked for while the Bookkeeping Act held the person; the hold ended yesterday.
            var holds = scope.ServiceProvider.GetRequiredService<AppDb>();
            holds.SubjectHolds.Add(new SubjectHold
            {
                Id = Guid.CreateVersion7(),
                SubjectId = subjectId,
                Rule = "bookkeeping-5-years",
                Reason = "Bookkeeping Act",
                Until = OsloCalendar.Today(TimeProvider.System).AddDays(-1),
                PlacedBy = "system",
                PlacedAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddYears(-5),
                EraseWhenReleased = true,
            });
            await holds.SaveChangesAsync();
        }

        var fulfilments = servers.Both.Select(s => s.Get<RightsFulfilmentService>()).ToList();
        fulfilments.ForEach(f => f.Wake());
        await Task.WhenAll(fulfilments.Select(f => f.RunOnceAsync(CancellationToken.None)));
        await RequestFlow.UntilAsync(servers.First, db => db.SubjectHolds.AnyAsync(h => h.ReleasedAt != null), "the hold released");
        await Task.Delay(Settle);

        await using var check = servers.Second.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "subject-hold.released" && e.SubjectId == subjectId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "subject.erased" && e.SubjectId == subjectId));
        Assert.Equal(1, await db.ErasureLedger.CountAsync(e => e.SubjectId == subjectId));
        Assert.Null(await check.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
    }

    [Fact]
    public async Task Retention_runs_once_a_day_and_counts_each_person_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var servers = await TwoServers.StartAsync(
            new Dictionary<string, string?> { ["Vern:Retention:Enabled"] = "true", ["Vern:Retention:Pause"] = "00:00:00", ["Vern:Retention:BatchSize"] = "1" },
            b => b.Services.AddSingleton<TimeProvider>(time));
        await SubmitContactsAsync(servers.First, "kari@example.no", "ola@example.no", "per@example.no");

        // Just after midnight in Oslo two years on: both servers' hourly checks find today's run not done.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 23, 1, 0, TimeSpan.Zero));
        await RequestFlow.UntilAsync(servers.First, db => db.RetentionRuns.AnyAsync(r => r.FinishedAt != null), "today's run finished");
        // Later checks the same day, on both servers, find it done.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100);
        }
        // The next day has a run of its own, and finds nothing more.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 10, 23, 1, 0, TimeSpan.Zero));
        // A check still busy when the clock jumped waits an hour from the new time: until the day's run has started, the
        // clock moves on a minute at a time (within the same Oslo day), as it would.
        await RequestFlow.UntilAsync(servers.First, async db =>
        {
            if (await db.RetentionRuns.CountAsync() < 2)
                time.Advance(TimeSpan.FromMinutes(1));
            return await db.RetentionRuns.CountAsync(r => r.FinishedAt != null) == 2;
        }, "the next day's run finished");
        await Task.Delay(Settle);

        await using var scope = servers.Second.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var runs = await db.AuditEntries.Where(e => e.Action == "retention.run").OrderBy(e => e.Id).Select(e => e.Details).ToListAsync();
        Assert.Equal(["2029-01-10: contacts-2-years subjects 3", "2029-01-11: nothing was due"], runs);
        Assert.Equal(2, await db.RetentionRuns.CountAsync());
        Assert.Equal(3, await db.ErasureLedger.CountAsync(e => e.Sources == "retention:contacts-2-years"));
        Assert.Equal(3, await db.ErasureLedger.Select(e => e.SubjectId).Distinct().CountAsync());
        Assert.Equal(0, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task A_retention_run_taken_over_from_a_server_that_stalled_past_its_lease_is_finished_once()
    {
        var time = new FakeTimeProvider(Start);
        // The first server rests three seconds between batches, long enough for its lease to run out meanwhile on the
        // shared clock, as a paused machine's would; the second does not rest.
        await using var servers = await TwoServers.StartAsync(
            new Dictionary<string, string?> { ["Vern:Retention:Pause"] = "00:00:03", ["Vern:Retention:BatchSize"] = "1" },
            b => b.Services.AddSingleton<TimeProvider>(time),
            second: new Dictionary<string, string?> { ["Vern:Retention:Pause"] = "00:00:00" });
        await SubmitContactsAsync(servers.First, "kari@example.no", "ola@example.no", "per@example.no");
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 23, 1, 0, TimeSpan.Zero));

        var stalled = RunRetentionAsync(servers.First);
        await RequestFlow.UntilAsync(servers.First, db => db.RetentionDisposals.AnyAsync(), "the first server's first batch");
        time.Advance(TimeSpan.FromMinutes(6));
        var takenOver = await RunRetentionAsync(servers.Second);

        Assert.Equal(3, takenOver!.Disposed[("contacts-2-years", "subjects")]);
        // Back from its rest, the first server finds the run is no longer its own and stops.
        Assert.Null(await stalled);
        await using var scope = servers.Second.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var runs = await db.AuditEntries.Where(e => e.Action == "retention.run").Select(e => e.Details).ToListAsync();
        Assert.Equal(["2029-01-10: contacts-2-years subjects 3"], runs);
        Assert.NotNull((await db.RetentionRuns.SingleAsync()).FinishedAt);
        Assert.Equal(3, await db.ErasureLedger.Select(e => e.SubjectId).Distinct().CountAsync());
        Assert.Equal(3, await db.ErasureLedger.CountAsync());
    }

    private static async Task SubmitContactsAsync(TestApp server, params string[] emails)
    {
        using var client = server.CreateClient();
        foreach (var email in emails)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email, message = "Please call me." });
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<RetentionOutcome?> RunRetentionAsync(TestApp server)
    {
        await using var scope = server.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    /// <summary>Submits a request through the API; returns the confirmation link e-mailed to the address.</summary>
    private static async Task<string> SubmitAsync(TwoServers servers, TestApp server, string type, string email)
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type, email });
        response.EnsureSuccessStatusCode();
        await WaitForMailsAsync(servers, email, 1);
        return RequestFlow.VerifyLinkIn(Parse(servers.Smtp.Messages.Single(m => m.To.Contains(email))));
    }

    private static MimeMessage Parse(SmtpSink.ReceivedMail mail) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)));

    private static List<string> Subjects(TwoServers servers, string to) =>
        [.. servers.Smtp.Messages.Where(m => m.To.Contains(to)).Select(m => Parse(m).Subject ?? "")];

    private static async Task WaitForMailsAsync(TwoServers servers, string to, int count)
    {
        var clock = Stopwatch.StartNew();
        while (servers.Smtp.Messages.Count(m => m.To.Contains(to)) < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Fewer than {count} e-mails to {to}: {string.Join(", ", Subjects(servers, to))}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Moves the shared clock on a step at a time, giving the jobs a moment after each step, until something holds:
    /// a job that had not yet gone back to waiting when the clock moved is woken by the next step.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Never saw {what}.");
            time.Advance(step);
            await Task.Delay(100);
        }
    }
}
