using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed class FulfilmentTests
{
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    /// <summary>A person who gave their details and made cookie choices on the website, linked by their visitor id.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Erasure_deletes_the_person_keeps_the_consent_evidence_writes_the_ledger_and_says_what_was_kept(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var (subjectId, visitorId) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Contains("key that encrypted them was destroyed", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("What we kept, and why", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("proof of what you agreed to", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", done.TextBody, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
        Assert.Empty(await db.Submissions.Where(s => s.SubjectId == subjectId).ToListAsync());
        var ledger = Assert.Single(await db.ErasureLedger.ToListAsync());
        Assert.Equal((subjectId, requestId), (ledger.SubjectId, ledger.RequestId));
        // The evidence stays, now ending in a withdrawal.
        var decisions = await db.ConsentRecords.Where(r => r.VisitorId == visitorId).OrderBy(r => r.Sequence).Select(r => r.Action).ToListAsync();
        Assert.Equal(["accept_all", "withdraw"], decisions.Select(d => d.ToWire()));
        var request = await db.RightsRequests.SingleAsync(r => r.Id == requestId);
        Assert.Equal(RightsRequestStatus.Completed, request.Status);
        var results = await db.RequestSourceResults.Where(r => r.RequestId == requestId).ToDictionaryAsync(r => r.Source, r => r.Status.ToWire());
        Assert.Equal("kept", results["consent"]);
        Assert.Equal("kept", results["staff-access"]);
        Assert.Equal("done", results["subjects"]);
        // The e-mail is recorded a moment after it is sent.
        await RequestFlow.UntilAsync(app, d => d.RequestMessages.AnyAsync(m => m.RequestId == requestId && m.Kind == RequestMessageKind.Completion), "the completion e-mail recorded");
        Assert.Contains("subject.erased", await db.AuditEntries.Where(e => e.SubjectId == subjectId).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task After_erasure_neither_the_database_files_nor_the_key_store_nor_the_logs_hold_the_persons_email_name_or_phone()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);
        await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        // Fold the write-ahead logs into the files so the scan sees every byte SQLite wrote.
        SqlitePools.Clear(app.DataDirectory);
        foreach (var file in Directory.GetFiles(app.DataDirectory, "*.db"))
        {
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "outbox" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("vern.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("keys.db", StringComparison.Ordinal));
        foreach (var needle in new[] { Kari.Email!, Kari.Name!, Kari.Phone!, "Please call me" })
        {
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(needle)) || Contains(bytes, Encoding.Unicode.GetBytes(needle)), $"{Path.GetFileName(file)} holds \"{needle}\"");
            }
            Assert.DoesNotContain(needle, app.Logs.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Withdraw_consent_withdraws_every_consent_in_the_ledger_for_the_person()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var (_, visitorId) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        await RequestFlow.SubmitAndConfirmAsync(app, client, "withdraw-consent", Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Contains("Every consent you had given on our website was withdrawn", done.TextBody, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var latest = await scope.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords
            .Where(r => r.VisitorId == visitorId).OrderByDescending(r => r.Sequence).FirstAsync();
        Assert.Equal("withdraw", latest.Action.ToWire());
        Assert.Contains("\"analytics\":false", latest.Categories, StringComparison.Ordinal);
        Assert.Contains("\"marketing\":false", latest.Categories, StringComparison.Ordinal);
        using var ledger = await client.GetAsync($"/api/v1/consent/decisions/{latest.Id}");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
    }

    [Theory]
    [InlineData("restriction", "only store your data")]
    [InlineData("objection", "never again use your data for direct marketing")]
    public async Task Restriction_and_objection_take_effect_at_once_and_the_person_is_told(string type, string told)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var (subjectId, _) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        await RequestFlow.SubmitAndConfirmAsync(app, client, type, Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Contains(told, done.TextBody, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var subject = await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.SingleAsync(s => s.Id == subjectId);
        Assert.NotNull(type == "restriction" ? subject.RestrictedAt : subject.MarketingObjectionAt);
    }

    [Fact]
    public async Task Data_under_a_legal_hold_is_kept_and_restricted_and_the_person_is_told_until_when()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var (subjectId, _) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);
        await PlaceHoldAsync(app, subjectId, "Invoice 2026-113 (Bookkeeping Act § 13)", new DateOnly(2031, 12, 31));

        await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Contains("31 December 2031", done.TextBody, StringComparison.Ordinal);
        await using var check = app.CreateScope();
        var db2 = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.NotNull(await check.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
        Assert.NotNull((await db2.Subjects.SingleAsync(s => s.Id == subjectId)).RestrictedAt);
        Assert.True((await db2.SubjectHolds.SingleAsync()).EraseWhenReleased);
        Assert.Empty(await db2.ErasureLedger.ToListAsync());
    }

    [Fact]
    public async Task When_the_hold_ends_the_person_who_asked_for_erasure_is_erased_without_asking_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var (subjectId, _) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);
        await PlaceHoldAsync(app, subjectId, "Invoice 2021-007 (Bookkeeping Act § 13)", new DateOnly(2027, 1, 31));
        await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");
        var service = app.Services.GetRequiredService<RightsFulfilmentService>();

        await service.RunOnceAsync(CancellationToken.None);
        await using (var during = app.CreateScope())
            Assert.NotNull(await during.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));

        clock.Advance(TimeSpan.FromDays(22)); // 1 February 2027 in Oslo: the hold ended the day before.
        await service.RunOnceAsync(CancellationToken.None);
        // The service's own timer fired on the same tick, so either run may be the one that erases.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await using var poll = app.CreateScope();
            if (await poll.ServiceProvider.GetRequiredService<AppDb>().ErasureLedger.AnyAsync())
                break;
            await Task.Delay(50);
        }

        await using var after = app.CreateScope();
        var db2 = after.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Null(await after.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
        Assert.NotNull((await db2.SubjectHolds.SingleAsync()).ReleasedAt);
        Assert.Equal(subjectId, (await db2.ErasureLedger.SingleAsync()).SubjectId);
        Assert.Empty(await db2.Submissions.Where(s => s.SubjectId == subjectId).ToListAsync());
    }

    /// <summary>An invoice the Bookkeeping Act keeps until <paramref name="until"/>.</summary>
    private static async Task PlaceHoldAsync(TestApp app, Guid subjectId, string reason, DateOnly until)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.SubjectHolds.Add(new SubjectHold
        {
            Id = Guid.CreateVersion7(),
            SubjectId = subjectId,
            Rule = "bookkeeping-5-years",
            Reason = reason,
            Until = until,
            PlacedBy = "test",
            PlacedAt = new DateTime(2022, 1, 31, 0, 0, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
