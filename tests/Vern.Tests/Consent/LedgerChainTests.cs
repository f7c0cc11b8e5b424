using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class LedgerChainTests
{
    private static async Task RecordAsync(TestApp app, int count)
    {
        using var client = app.CreateClient();
        for (var i = 0; i < count; i++)
            await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: i % 2 == 0));
    }

    private static async Task<LedgerVerification> VerifyAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await ConsentChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
            scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Consent), app.Get<ReceiptKey>());
    }

    private static async Task ExecuteSqlAsync(TestApp app, string sql)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // The same statement for both databases, quoting identifiers as PostgreSQL needs.
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_untouched_ledger_verifies(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await RecordAsync(app, 5);

        var result = await VerifyAsync(app);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(5, result.Verified);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_edited_record_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await RecordAsync(app, 5);

        await ExecuteSqlAsync(app, "UPDATE \"ConsentRecords\" SET \"Categories\" = replace(\"Categories\", 'false', 'true') WHERE \"Sequence\" = 3");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(2, result.LastGood);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_deleted_record_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await RecordAsync(app, 5);

        await ExecuteSqlAsync(app, "DELETE FROM \"ConsentRecords\" WHERE \"Sequence\" = 2");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(1, result.LastGood);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_deleted_record_with_the_rest_renumbered_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await RecordAsync(app, 5);

        await ExecuteSqlAsync(app, "DELETE FROM \"ConsentRecords\" WHERE \"Sequence\" = 2; UPDATE \"ConsentRecords\" SET \"Sequence\" = \"Sequence\" - 1 WHERE \"Sequence\" > 2");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_inserted_record_is_detected_even_with_a_correct_hash_of_its_own(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await RecordAsync(app, 3);

        // A forger who knows the algorithm links a self-consistent record to record 1 and shifts the rest.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var first = await db.ConsentRecords.AsNoTracking().SingleAsync(r => r.Sequence == 1);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"ConsentRecords\" SET \"Sequence\" = \"Sequence\" + 100 WHERE \"Sequence\" >= 2; UPDATE \"ConsentRecords\" SET \"Sequence\" = \"Sequence\" - 99 WHERE \"Sequence\" >= 100");
            var forged = new ConsentRecord
            {
                Id = Guid.CreateVersion7(),
                Sequence = 2,
                RecordedAt = Vern.Infrastructure.Crypto.HashChain.Truncate(first.RecordedAt.AddSeconds(1)),
                VisitorId = first.VisitorId,
                VisitorLookup = first.VisitorLookup,
                Revision = 1,
                Language = "en",
                Action = ConsentAction.AcceptAll,
                Categories = "{\"analytics\":true,\"marketing\":true,\"necessary\":true}",
                Services = first.Services,
                TextHash = first.TextHash,
                PreviousHash = first.Hash,
            };
            forged.Hash = ConsentChain.Compute(forged);
            db.ChangeTracker.Clear();
            // Inserted behind the application's back: an attached record would be relinked on save.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"ConsentRecords\" (\"Id\", \"Sequence\", \"RecordedAt\", \"VisitorId\", \"VisitorLookup\", \"Revision\", \"Language\", \"Action\", \"Categories\", \"Services\", \"Gpc\", \"TextHash\", \"PolicyVersion\", \"PreviousHash\", \"Hash\") VALUES ({forged.Id}, {forged.Sequence}, {forged.RecordedAt}, {forged.VisitorId}, {forged.VisitorLookup}, {forged.Revision}, {forged.Language}, {forged.Action.ToWire()}, {forged.Categories}, {forged.Services}, {forged.Gpc}, {forged.TextHash}, {forged.PolicyVersion}, {forged.PreviousHash}, {forged.Hash})");
        }

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Concurrent_decisions_keep_one_unbroken_chain(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RecordAsync(app, 10))));

        var result = await VerifyAsync(app);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(80, result.Verified);
    }
}
