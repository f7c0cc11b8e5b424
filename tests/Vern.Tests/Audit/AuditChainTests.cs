using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Audit;

public sealed class AuditChainTests
{
    private static async Task WriteEntriesAsync(TestApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "support@example.com", "subject.viewed", Guid.NewGuid(), $"request {i}"));
            await db.SaveChangesAsync();
        }
    }

    private static async Task<AuditVerification> VerifyAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
            scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Audit));
    }

    private static async Task ExecuteSqlAsync(TestApp app, string sqliteSql, string postgresSql)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.ExecuteSqlRawAsync(app.Provider == Provider.Sqlite ? sqliteSql : postgresSql);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_untouched_trail_verifies(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var before = (await VerifyAsync(app)).Verified;
        await WriteEntriesAsync(app, 5);

        var result = await VerifyAsync(app);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(before + 5, result.Verified);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_edited_entry_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 5);

        await ExecuteSqlAsync(app,
            "UPDATE AuditEntries SET Reason = 'nothing to see' WHERE Sequence = 3",
            "UPDATE \"AuditEntries\" SET \"Reason\" = 'nothing to see' WHERE \"Sequence\" = 3");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_case_link_moved_added_or_removed_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "support@example.com", "subject.viewed", Guid.NewGuid()));
            await db.SaveChangesAsync();
            for (var i = 0; i < 2; i++)
            {
                db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "system", "rights-request.received", Guid.NewGuid(), requestId: Guid.NewGuid()));
                await db.SaveChangesAsync();
            }
        }
        var last = (await VerifyAsync(app)).Verified;
        var (unlinked, linked, lastLinked) = (last - 2, last - 1, last);
        var links = await LinksAsync(app);

        async Task<long?> BrokenWithAsync(long sequence, Guid? link)
        {
            await SetLinkAsync(app, sequence, link);
            var broken = (await VerifyAsync(app)).BrokenAt;
            await SetLinkAsync(app, sequence, links[sequence]);
            return broken;
        }

        Assert.Equal(lastLinked, await BrokenWithAsync(lastLinked, null));
        Assert.Equal(linked, await BrokenWithAsync(linked, links[lastLinked]));
        Assert.Equal(unlinked, await BrokenWithAsync(unlinked, links[linked]));
        Assert.True((await VerifyAsync(app)).Intact);
    }

    private static async Task<Dictionary<long, Guid?>> LinksAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.ToDictionaryAsync(e => e.Sequence, e => e.RequestId);
    }

    private static async Task SetLinkAsync(TestApp app, long sequence, Guid? link)
    {
        await using var scope = app.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.Where(e => e.Sequence == sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RequestId, link));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_deleted_entry_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 5);

        await ExecuteSqlAsync(app, "DELETE FROM AuditEntries WHERE Sequence = 2", "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(1, result.Verified);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_deleted_entry_with_the_rest_renumbered_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 5);

        await ExecuteSqlAsync(app,
            "DELETE FROM AuditEntries WHERE Sequence = 2; UPDATE AuditEntries SET Sequence = Sequence - 1 WHERE Sequence > 2",
            "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2; UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" - 1 WHERE \"Sequence\" > 2");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_inserted_entry_is_detected_even_with_a_correct_hash_of_its_own(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 3);

        // A forger who knows the algorithm appends a self-consistent entry, but can only link it to a
        // predecessor by rewriting every later entry; here they slip it in between 1 and 2.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var first = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 1);
            await db.Database.ExecuteSqlRawAsync(app.Provider == Provider.Sqlite
                ? "UPDATE AuditEntries SET Sequence = Sequence + 100 WHERE Sequence >= 2; UPDATE AuditEntries SET Sequence = Sequence - 99 WHERE Sequence >= 100"
                : "UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" + 100 WHERE \"Sequence\" >= 2; UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" - 99 WHERE \"Sequence\" >= 100");
            var forged = AuditEntry.Create(TimeProvider.System, "intruder", "subject.viewed");
            forged.At = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
            forged.Sequence = 2;
            forged.PreviousHash = first.Hash;
            forged.Hash = AuditChain.Compute(forged);
            await db.Database.ExecuteSqlInterpolatedAsync(app.Provider == Provider.Sqlite
                ? (FormattableString)$"INSERT INTO AuditEntries (Sequence, At, Actor, Action, PreviousHash, Hash) VALUES ({forged.Sequence}, {forged.At}, {forged.Actor}, {forged.Action}, {forged.PreviousHash}, {forged.Hash})"
                : $"INSERT INTO \"AuditEntries\" (\"Sequence\", \"At\", \"Actor\", \"Action\", \"PreviousHash\", \"Hash\") VALUES ({forged.Sequence}, {forged.At}, {forged.Actor}, {forged.Action}, {forged.PreviousHash}, {forged.Hash})");
        }

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Concurrent_writers_keep_one_unbroken_chain(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var before = (await VerifyAsync(app)).Verified;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => WriteEntriesAsync(app, 10))));

        var result = await VerifyAsync(app);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(before + 80, result.Verified);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_entry_is_written_in_the_same_transaction_as_the_change_it_records(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        Guid existing;
        await using (var scope = app.CreateScope())
        {
            var subject = await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(new PersonalDetails("a@example.com"));
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
            existing = subject.Id;
        }

        // The recorded change fails (a duplicate key), so the entry recording it must not exist either.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.Subjects.Add(new Subject { Id = existing, CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "support@example.com", "subject.created", existing));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = app.CreateScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.CountAsync(e => e.Action == "subject.created"));
    }
}
