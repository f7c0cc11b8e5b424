using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Features.Retention;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class RetentionTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Records_go_5_years_after_their_consent_ended_and_the_rest_of_the_chain_still_verifies(Provider provider)
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        await using var app = await TestApp.StartAsync(provider,
            settings: new Dictionary<string, string?> { ["Vern:Retention:Enabled"] = "false" },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var first = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(first, action: "accept_all", analytics: true, marketing: true));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), action: "accept_all", analytics: true, marketing: true));
        time.Advance(TimeSpan.FromDays(10));
        // The first visitor changes their mind: their first consent ends here, not at expiry.
        await ConsentApi.RecordAsync(client, ConsentApi.Body(first, action: "withdraw", analytics: false, marketing: false));

        time.SetUtcNow(start.AddYears(5).AddDays(20));
        var partly = await ApplyAsync(app, time);
        Assert.Equal(new Disposal(1, 1), partly);
        var afterFirst = await VerifyAsync(app);
        Assert.True(afterFirst.Intact, afterFirst.Problem);
        Assert.Equal(2, afterFirst.Verified);
        Assert.Equal(1, afterFirst.AnchoredAt);

        // The second visitor's consent expired after 182 days; the withdrawal record expired 182 days after it was made.
        time.SetUtcNow(start.AddYears(5).AddDays(200));
        Assert.Equal(new Disposal(2, 3), await ApplyAsync(app, time));
        Assert.Equal(new Disposal(0, null), await ApplyAsync(app, time));
        Assert.Equal(0, await ConsentApi.CountAsync(app));

        // The ledger continues from its anchor.
        await ConsentApi.RecordAsync(client);
        var continued = await VerifyAsync(app);
        Assert.True(continued.Intact, continued.Problem);
        Assert.Equal(1, continued.Verified);
        Assert.Equal(4, continued.LastGood);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "consent.deleted"));
            // Removing the anchors to pretend the ledger never had older records shows.
            await db.ConsentAnchors.ExecuteDeleteAsync();
        }
        var tampered = await VerifyAsync(app);
        Assert.False(tampered.Intact);
        Assert.Equal(4, tampered.BrokenAt);
    }

    [Fact]
    public async Task Nothing_is_deleted_while_the_consent_is_within_the_rule()
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        await using var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Vern:Retention:Enabled"] = "false" },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        await ConsentApi.RecordAsync(client);

        // Expiry after 182 days plus 5 years is not yet reached a day earlier.
        time.SetUtcNow(start.AddDays(181).AddYears(5));

        Assert.Equal(new Disposal(0, null), await ApplyAsync(app, time));
        Assert.Equal(1, await ConsentApi.CountAsync(app));
    }

    [Theory]
    [InlineData("P5Y", "2021-03-01T12:00:00")]
    [InlineData("P6M", "2025-09-01T12:00:00")]
    [InlineData("P1Y2M3DT4H", "2024-12-29T08:00:00")]
    [InlineData("P2W", "2026-02-15T12:00:00")]
    public void Periods_are_iso_8601_durations(string period, string expected)
    {
        Assert.True(IsoPeriods.TrySubtract(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), period, out var result));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result);
        Assert.False(IsoPeriods.TrySubtract(DateTime.MinValue, "five years", out _));
    }

    /// <summary>One batch of the consent ledger's step of today's retention run, as the engine runs it.</summary>
    private static async Task<Disposal> ApplyAsync(TestApp app, TimeProvider time)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var step = RetentionPlan.For(app.Get<ModelStore>().Current.Model, scope.ServiceProvider.GetServices<IRetentionSource>(), OsloCalendar.Today(time))
            .Single(s => s.Scope.Trigger == RetentionTrigger.ConsentEnded);
        var anchored = await db.ConsentAnchors.MaxAsync(a => (long?)a.Sequence);
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction = null;
        var source = scope.ServiceProvider.GetServices<IRetentionSource>().OfType<ConsentRetention>().Single();
        var deleted = await source.DisposeAsync(step.Scope, new RetentionBatch(1000, async ct => transaction = await db.Database.BeginTransactionAsync(ct)), CancellationToken.None);
        if (transaction is not null)
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
        }
        var anchoredNow = await db.ConsentAnchors.MaxAsync(a => (long?)a.Sequence);
        return new Disposal(deleted, anchoredNow == anchored ? null : anchoredNow);
    }

    /// <summary>How many records a batch deleted, and where it anchored the ledger's start (null: it did not move).</summary>
    private sealed record Disposal(int Deleted, long? AnchoredAt);

    private static async Task<LedgerVerification> VerifyAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await ConsentChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
            scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Consent), app.Get<ReceiptKey>());
    }
}
