using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vern.Tests.Platform;

/// <summary>
/// Fault tests stop a database server or fill a disk, and measure how long answers take: they run alone,
/// after the parallel part of the suite, so the rest of the suite neither slows them nor sees their faults.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}

/// <summary>Skipped, with the reason, where the test cannot start a PostgreSQL cluster or mount a file system.</summary>
public sealed class NeedsRootFactAttribute : FactAttribute
{
    public NeedsRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            Skip = "Needs root on Linux (as ./test.sh runs in CI): it starts its own PostgreSQL cluster or mounts a tmpfs.";
    }
}

[Collection(RunsAlone.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    // The outage outlasts the bound on any answer, so a request that waited for the server to come back
    // instead of answering 503 at once breaks the bound. Nothing in Vern depends on how long the outage
    // lasts (ADR 17): the first use of each pooled connection the stop broke fails, whatever the length.
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    [NeedsRootFact]
    public async Task PostgreSQL_stopped_for_15_seconds_under_load_answers_503_and_recovers_by_itself_losing_nothing()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Vern"] = postgres.ConnectionString("postgres"),
            ["KeyStore:Provider"] = "Postgres",
            ["ConnectionStrings:VernKeys"] = postgres.ConnectionString("vernkeys"),
        });
        using var health = app.CreateClient();
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentQueue<Outcome>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(c => Task.Run(() => LoadAsync(app, c, clock, outcomes, stopLoad.Token))).ToArray();

        await WaitForAsync(() => Task.FromResult(outcomes.Count(o => o.Acknowledged) >= 12), TimeSpan.FromSeconds(60), "the load to get going");
        await postgres.StopServerAsync();
        var down = clock.Elapsed;
        var healthWhileDown = new List<HttpStatusCode>();
        while (clock.Elapsed - down < Outage)
        {
            using var response = await health.GetAsync("/healthz");
            healthWhileDown.Add(response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var up = clock.Elapsed;
        await postgres.StartServerAsync();
        var started = clock.Elapsed;
        await WaitForAsync(async () =>
        {
            using var response = await health.GetAsync("/healthz");
            return response.StatusCode == HttpStatusCode.OK && outcomes.Any(o => o.Started > started && o.Acknowledged);
        }, RecoveryBound, "Vern to recover once PostgreSQL is back");
        var recovered = clock.Elapsed;
        await WaitForAsync(() => Task.FromResult(outcomes.Count(o => o.Started > recovered && o.Acknowledged) >= 12), TimeSpan.FromSeconds(60), "the load to continue");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        var all = outcomes.ToArray();
        Assert.All(all, o => Assert.True(o.Acknowledged || o.Unavailable, $"{o.Kind} answered {o.Status} {o.Error} at {o.Started}"));
        Assert.All(all, o => Assert.True(o.Took < AnswerBound, $"{o.Kind} took {o.Took}"));
        var duringOutage = all.Where(o => o.Started > down && o.Started + o.Took < up).ToArray();
        Assert.True(duringOutage.Length >= 20, $"Only {duringOutage.Length} requests were made while PostgreSQL was down.");
        Assert.All(duringOutage, o => Assert.True(o.Unavailable, $"{o.Kind} answered {o.Status} while PostgreSQL was down"));
        Assert.All(healthWhileDown, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        // Once one request got through, the pools hold no connection the restart broke: none fails after it.
        var firstAfter = all.Where(o => o.Started > started && o.Acknowledged).Min(o => o.Started + o.Took);
        Assert.All(all.Where(o => o.Started > firstAfter), o => Assert.True(o.Acknowledged, $"{o.Kind} answered {o.Status} after recovery"));
        Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal));
        // One warning per refused request, and not one address of the people who wrote.
        Assert.Equal(all.Count(o => o.Unavailable), app.Logs.Lines.Count(l => l.StartsWith("Warning Vern.Infrastructure.Hosting.StorageUnavailable", StringComparison.Ordinal)));
        Assert.DoesNotContain("@example.com", app.Logs.All, StringComparison.OrdinalIgnoreCase);
        await AssertNothingLostOrHalfWrittenAsync(app, all);
        output.WriteLine($"PostgreSQL fault: {all.Length} requests, {duringOutage.Length} answered 503 during the {Outage.TotalSeconds:0} s outage, " +
            $"slowest answer {all.Max(o => o.Took).TotalMilliseconds:0} ms, recovered {(recovered - started).TotalSeconds:0.0} s after the server was back.");
    }

    [NeedsRootFact]
    public async Task A_full_disk_answers_writes_with_503_keeps_reads_and_recovers_intact_once_space_is_freed()
    {
        var mount = Directory.CreateTempSubdirectory("vern-fault-disk-").FullName;
        await PrivatePostgres.RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount);
        try
        {
            var data = Path.Combine(mount, "data");
            var outcomes = new List<Outcome>();
            var clock = Stopwatch.StartNew();
            await using (var app = await TestApp.StartAsync(dataDirectory: data))
            {
                using var client = app.CreateClient();
                for (var i = 0; i < 2; i++)
                    outcomes.Add(await WriteAsync(client, i, $"before-{i}", clock));
                Assert.All(outcomes, o => Assert.True(o.Acknowledged, $"{o.Kind} answered {o.Status} before the disk was full"));
                // The worst case: the write-ahead log folded in and emptied, so the next write needs new space.
                await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "vern.db")}"))
                {
                    await connection.OpenAsync();
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                    await checkpoint.ExecuteNonQueryAsync();
                }
                var filler = Path.Combine(mount, "filler");
                Fill(filler);

                var whileFull = new List<Outcome>();
                for (var i = 0; i < 6; i++)
                    whileFull.Add(await WriteAsync(client, i, $"full-{i}", clock));
                Assert.All(whileFull, o => Assert.True(o.Unavailable, $"{o.Kind} answered {o.Status} {o.Error} on a full disk"));
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/consent/config?lang=en")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/privacy/policy")).StatusCode);
                Assert.Equal("Degraded", await client.GetStringAsync("/healthz"));
                Assert.Empty(Directory.GetFiles(Path.Combine(data, "outbox"), "*.tmp"));
                Assert.DoesNotContain("@example.com", app.Logs.All, StringComparison.OrdinalIgnoreCase);
                outcomes.AddRange(whileFull);

                File.Delete(filler);
                Outcome? again = null;
                await WaitForAsync(async () => (again = await WriteAsync(client, 0, "after", clock)).Acknowledged, RecoveryBound, "writes to succeed once space was freed");
                outcomes.Add(again!);
                outcomes.Add(await WriteAsync(client, 1, "after-1", clock));
                Assert.True(outcomes[^1].Acknowledged, $"{outcomes[^1].Kind} answered {outcomes[^1].Status} after space was freed");
                Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
                await AssertNothingLostOrHalfWrittenAsync(app, [.. outcomes]);
                SqlitePools.Clear(data);
                foreach (var file in new[] { "vern.db", "keys.db" })
                    Assert.Equal("ok", await IntegrityAsync(Path.Combine(data, file)));
                // Both only read, so they run side by side.
                var verbs = new[] { "audit", "ledger" };
                var verified = await Task.WhenAll(verbs.Select(verb => VernProcess.RunAsync([verb, "verify", $"--Vern:DataDirectory={data}"])));
                foreach (var (verb, verify) in verbs.Zip(verified))
                    Assert.True(verify.ExitCode == 0, $"{verb} verify: {verify.Error}");
            }
        }
        finally
        {
            // The app is disposed by now; no file on the mount may stay open, or it cannot be unmounted.
            if (Directory.Exists(Path.Combine(mount, "data")))
                SqlitePools.Clear(Path.Combine(mount, "data"));
            await PrivatePostgres.RunAsync("umount", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    private sealed record Outcome(string Kind, TimeSpan Started, TimeSpan Took, HttpStatusCode Status, Guid? Id, string? Error)
    {
        public bool Acknowledged => Id is not null;

        /// <summary>A 503 as the issue asks for it: problem details saying when to try again.</summary>
        public bool Unavailable => Status == HttpStatusCode.ServiceUnavailable && Error is null;
    }

    /// <summary>One client of several: a contact form and a rights request in turn, as fast as it gets answers.</summary>
    private static async Task LoadAsync(TestApp app, int client, Stopwatch clock, ConcurrentQueue<Outcome> outcomes, CancellationToken stop)
    {
        using var http = app.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(60);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            outcomes.Enqueue(await WriteAsync(http, n, $"c{client}-{n}", clock));
            // A pause between requests keeps the clients from taking both cores while every answer is a quick 503.
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static async Task<Outcome> WriteAsync(HttpClient client, int n, string who, Stopwatch clock)
    {
        var (kind, path, body, acknowledged) = n % 2 == 0
            ? ("submission", "/api/v1/submissions", (object)new { form = "contact", purpose = "customer-relationship", email = $"{who}@example.com", name = "Load Test", message = "Please call me." }, HttpStatusCode.Created)
            : ("rights-request", "/api/v1/rights-requests", new { type = "access", email = $"{who}@example.com" }, HttpStatusCode.Accepted);
        var started = clock.Elapsed;
        try
        {
            using var response = await client.PostAsJsonAsync(path, body);
            var took = clock.Elapsed - started;
            if (response.StatusCode == acknowledged)
                return new(kind, started, took, response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), null);
            string? error = null;
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                error = $"content type {response.Content.Headers.ContentType?.MediaType}";
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is not { TotalSeconds: > 0 })
                error = "no Retry-After";
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && !(await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("detail", out _))
                error = "no detail";
            return new(kind, started, took, response.StatusCode, null, error);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new(kind, started, clock.Elapsed - started, 0, null, e.Message);
        }
    }

    /// <summary>
    /// Every acknowledged write is stored, and what is stored is whole: each submission with its person and its
    /// audit entry, each rights request with its audit entry, and the audit chain unbroken.
    /// </summary>
    private static async Task AssertNothingLostOrHalfWrittenAsync(TestApp app, Outcome[] outcomes)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var submissions = outcomes.Where(o => o.Acknowledged && o.Kind == "submission").Select(o => o.Id!.Value).ToHashSet();
        var requests = outcomes.Where(o => o.Acknowledged && o.Kind == "rights-request").Select(o => o.Id!.Value).ToHashSet();
        var storedSubmissions = await db.Submissions.Select(s => new { s.Id, HasSubject = db.Subjects.Any(p => p.Id == s.SubjectId) }).ToListAsync();
        var storedRequests = await db.RightsRequests.Select(r => new { r.Id, r.Type }).ToListAsync();
        var audit = await db.AuditEntries.Select(e => new { e.Action, e.Details }).ToListAsync();

        Assert.Empty(submissions.Except(storedSubmissions.Select(s => s.Id)));
        Assert.Empty(requests.Except(storedRequests.Select(r => r.Id)));
        Assert.All(storedSubmissions, s => Assert.True(s.HasSubject, $"Submission {s.Id} has no person"));
        Assert.Equal(storedSubmissions.Count, audit.Count(e => e.Action == "submission.recorded"));
        Assert.All(storedRequests, r => Assert.Contains(audit, e => e.Action == "rights-request.received" && e.Details == $"{r.Type.ToWire()} {r.Id}"));
        Assert.True((await AuditChain.VerifyAsync(db, app.Get<ChainCheckpoints>().Read(CheckpointedChain.Audit))).Intact, "The audit chain is broken");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < bound, $"Waited {bound.TotalSeconds:0} s for {what}.");
            await Task.Delay(250);
        }
    }

    /// <summary>Writes to the file until the file system has no space left, in large blocks and then in pages.</summary>
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 64 * 1024, 4096, 512 })
        {
            var block = new byte[size];
            try
            {
                while (true)
                    file.Write(block);
            }
            catch (IOException)
            {
                // Full at this block size.
            }
        }
    }

    private static async Task<string?> IntegrityAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string?)await command.ExecuteScalarAsync();
    }
}
