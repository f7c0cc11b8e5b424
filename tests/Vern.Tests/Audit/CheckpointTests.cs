using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Audit;

/// <summary>
/// A database administrator who can rewrite tables but not the data directory: truncating a chain, or
/// rewriting it with every hash recomputed, passes the hash check and is caught only by the signed
/// checkpoints kept outside the database.
/// </summary>
public sealed class CheckpointTests
{
    private static async Task WriteEntriesAsync(TestApp app, int count, string? reason = "routine check")
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        for (var i = 0; i < count; i++)
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "support@example.com", "subject.viewed", Guid.NewGuid(), reason));
        await db.SaveChangesAsync();
    }

    private static async Task CheckpointAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        await WriteCheckpoints.Handle(scope.ServiceProvider.GetRequiredService<AppDb>(),
            app.Services.GetRequiredService<ChainCheckpoints>(), TimeProvider.System, CancellationToken.None);
    }

    private static async Task<AuditVerification> VerifyAuditAsync(TestApp app, bool withCheckpoints = true)
    {
        await using var scope = app.CreateScope();
        var checkpoints = withCheckpoints ? app.Services.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Audit) : CheckpointSet.Empty;
        return await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), checkpoints);
    }

    /// <summary>Straight to the tables, as a database administrator would; quoted names read alike on both databases.</summary>
    private static async Task ExecuteSqlAsync(TestApp app, string sql)
    {
        await using var scope = app.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppDb>().Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<long> AuditLengthAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.MaxAsync(e => e.Sequence);
    }

    /// <summary>Rewrites every entry from <paramref name="from"/> on with a new reason and recomputed hashes, as a forger would.</summary>
    private static async Task RewriteFromAsync(TestApp app, long from)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var entries = await db.AuditEntries.Where(e => e.Sequence >= from - 1).OrderBy(e => e.Sequence).ToListAsync();
        var previous = entries[0].Hash;
        foreach (var entry in entries.Skip(1))
        {
            entry.Reason = "nothing to see";
            entry.PreviousHash = previous;
            entry.Hash = previous = AuditChain.Compute(entry);
        }
        // Straight to the table: the application would link them as new entries.
        foreach (var entry in entries.Skip(1))
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE \"AuditEntries\" SET \"Reason\" = {entry.Reason}, \"PreviousHash\" = {entry.PreviousHash}, \"Hash\" = {entry.Hash} WHERE \"Sequence\" = {entry.Sequence}");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_trail_cut_short_verifies_by_its_hashes_but_not_against_its_checkpoint(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 5);
        await CheckpointAsync(app);
        var length = await AuditLengthAsync(app);

        await ExecuteSqlAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {length - 2}");

        Assert.True((await VerifyAuditAsync(app, withCheckpoints: false)).Intact);
        var result = await VerifyAuditAsync(app);
        Assert.False(result.Intact);
        Assert.Contains($"vouches for {length}", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_trail_rewritten_with_every_hash_recomputed_is_caught_at_the_checkpoint(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 5);
        await CheckpointAsync(app);
        var length = await AuditLengthAsync(app);

        await RewriteFromAsync(app, length - 3);

        Assert.True((await VerifyAuditAsync(app, withCheckpoints: false)).Intact);
        var result = await VerifyAuditAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(length, result.BrokenAt);
        Assert.Contains("was rewritten", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_reports_a_rewritten_trail_and_a_line_not_signed_by_the_installation()
    {
        await using var app = await TestApp.StartAsync();
        await WriteEntriesAsync(app, 4);
        await CheckpointAsync(app);
        string[] args = ["audit", "verify", $"--Vern:DataDirectory={app.DataDirectory}"];
        var intact = await VernProcess.RunAsync(args);
        Assert.True(intact.ExitCode == 0, intact.Error);

        await RewriteFromAsync(app, await AuditLengthAsync(app) - 1);
        var rewritten = await VernProcess.RunAsync(args);
        Assert.Equal(1, rewritten.ExitCode);
        Assert.Contains("was rewritten", rewritten.Error, StringComparison.Ordinal);

        // Someone with the file but not the key adds a checkpoint to match the rewritten chain: the
        // installation's header, a payload of their own, their own P-256 signature.
        var file = Path.Combine(app.DataDirectory, ChainCheckpoints.FileName);
        var header = (await File.ReadAllLinesAsync(file))[0].Split('.')[0];
        var payload = System.Buffers.Text.Base64Url.EncodeToString("{\"chain\":\"audit\",\"size\":1,\"head\":\"00\",\"at\":\"2026-12-01T00:00:00Z\"}"u8);
        using (var forger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            var signature = forger.SignData(System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}"), System.Security.Cryptography.HashAlgorithmName.SHA256);
            await File.AppendAllTextAsync(file, $"{header}.{payload}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}\n");
        }
        var forged = await VernProcess.RunAsync(args);
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("not a checkpoint signed with this installation's key", forged.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_ledger_cut_short_is_caught_by_ledger_verify(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using (var client = app.CreateClient())
            for (var i = 0; i < 4; i++)
                await ConsentApi.RecordAsync(client);
        await CheckpointAsync(app);

        await ExecuteSqlAsync(app, "DELETE FROM \"ConsentRecords\" WHERE \"Sequence\" > 2");

        var result = await VernProcess.RunAsync(["ledger", "verify", .. app.VerbArguments]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The ledger was cut short", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_null_turned_empty_is_detected(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await WriteEntriesAsync(app, 3, reason: null);
        var length = await AuditLengthAsync(app);

        await ExecuteSqlAsync(app, $"UPDATE \"AuditEntries\" SET \"Reason\" = '' WHERE \"Sequence\" = {length - 1}");

        var result = await VerifyAuditAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(length - 1, result.BrokenAt);
    }

    [Fact]
    public async Task A_trail_begun_before_version_2_still_verifies_but_version_1_is_refused_after_version_2()
    {
        await using var app = await TestApp.StartAsync();
        await WriteEntriesAsync(app, 3, reason: null);
        // The trail as an earlier Vern wrote it: every hash in the first version.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var previous = HashChain.Genesis;
            foreach (var entry in await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync())
            {
                var hash = HashChain.ComputeVersion1(HashChain.Number(entry.Sequence), HashChain.Ticks(entry.At), entry.Actor, entry.Action,
                    entry.SubjectId?.ToString("N"), entry.Reason, entry.Details, previous);
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE AuditEntries SET PreviousHash = {previous}, Hash = {hash} WHERE Sequence = {entry.Sequence}");
                previous = hash;
            }
        }
        Assert.True((await VerifyAuditAsync(app)).Intact);

        await WriteEntriesAsync(app, 1);
        var afterUpgrade = await VerifyAuditAsync(app);
        Assert.True(afterUpgrade.Intact, afterUpgrade.Problem);

        // Now a first-version entry after the second version is what a forger exploiting null = empty writes.
        var length = await AuditLengthAsync(app);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await WriteEntriesAsync(app, 1, reason: null);
            var last = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == length + 1);
            var hash = HashChain.ComputeVersion1(HashChain.Number(last.Sequence), HashChain.Ticks(last.At), last.Actor, last.Action,
                last.SubjectId?.ToString("N"), "", last.Details, last.PreviousHash);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE AuditEntries SET Reason = '', Hash = {hash} WHERE Sequence = {last.Sequence}");
        }
        var downgraded = await VerifyAuditAsync(app);
        Assert.False(downgraded.Intact);
        Assert.Equal(length + 1, downgraded.BrokenAt);
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_dropped_before_the_next_checkpoint()
    {
        await using var app = await TestApp.StartAsync();
        await WriteEntriesAsync(app, 2);
        await CheckpointAsync(app);
        var file = Path.Combine(app.DataDirectory, ChainCheckpoints.FileName);
        await File.AppendAllTextAsync(file, "eyJhbGciOiJFUzI1NiIs");

        await WriteEntriesAsync(app, 2);
        await CheckpointAsync(app);

        var lines = await File.ReadAllLinesAsync(file);
        Assert.DoesNotContain(lines, l => l.StartsWith("eyJhbGciOiJFUzI1NiIs", StringComparison.Ordinal) && l.Length < 30);
        var result = await VerifyAuditAsync(app);
        Assert.True(result.Intact, result.Problem);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
