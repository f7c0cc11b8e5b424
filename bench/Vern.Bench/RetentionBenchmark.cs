using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Retention;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Bench;

/// <summary>
/// Seeds a million people and twenty million consent decisions, one in a hundred of each due today, serves
/// the app on Kestrel over loopback, drives the consent decisions API and the submissions API at a fixed
/// rate, and runs today's retention run in the serving process as <c>retention run</c> and the daily job do
/// (<see cref="RetentionEngine.RunAsync"/> in a scope of its own). The latencies while the run goes are set
/// against those of the same load just before it. Afterwards it checks that exactly the due records went.
/// </summary>
internal static class RetentionBenchmark
{
    /// <summary>The ceiling from the issue for one run.</summary>
    public static readonly TimeSpan RunCeiling = TimeSpan.FromMinutes(5);

    /// <summary>The ceiling from the issue: p99 during the run at most this many times p99 without it.</summary>
    public const double RatioCeiling = 2.0;

    // Due records lie this far past their day and kept ones this far before it, so the counts do not depend on the hour.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(30);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private const int VisitorPool = 1_000;

    public static async Task<RetentionResult> RunAsync(BenchProvider provider, RetentionOptions options, CancellationToken ct)
    {
        var plan = SyntheticConsent.Plan(options.Subjects, options.ConsentRecords, options.Seed);
        await using var databases = await BenchDatabases.CreateAsync(provider, ct);
        var port = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Vern:PublicUrl"] = "https://privacy.example.com",
            ["Vern:RateLimiting:Enabled"] = "false",
            // The benchmark starts the run itself, at the moment it chooses; nothing else may pick up its work.
            ["Vern:Retention:Enabled"] = "false",
            ["Vern:Rights:Fulfilment:Enabled"] = "false",
        };
        if (options.BatchSize is { } batch)
            settings["Vern:Retention:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture);
        await using var app = BenchApp.Build(databases, settings);
        var services = app.Services;
        BenchApp.Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var timeline = new Timeline(now, options.Seed, plan.Total);
        var subjects = await BulkSubjectSeeder.SeedAsync(provider, databases, services, options.Subjects, plan, timeline.Contacts, ct);
        var consentSeeding = await ConsentSeeder.SeedAsync(provider, services, plan, options.Seed, timeline.ConsentRecordedAt, ct);
        BenchApp.Log(provider, "gathering statistics");
        await databases.AnalyzeAsync(ct);

        var due = Enumerable.Range(0, options.Subjects).Where(Timeline.IsDue).ToArray();
        var expected = new Expected(
            Subjects: due.Length,
            Submissions: due.Sum(n => timeline.Contacts(n).Length),
            Identifiers: due.Sum(n => plan.VisitorsOf(n).End.Value - plan.VisitorsOf(n).Start.Value),
            ConsentRecords: timeline.DueConsentRecords);
        var before = await CountAsync(services, ct);
        var dryRun = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RetentionEngine>().DryRunAsync(ct);
        dryRun.Stop();
        BenchApp.Log(provider, $"dry run: {dryRun.Elapsed.TotalSeconds:F1} s");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        await app.StartAsync(ct);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            var (revision, visitors) = await PrepareLoadAsync(client, ct);
            var decisions = new OpenLoopLoad(client, options.Rate, i => Decision(visitors[(int)(i % visitors.Length)], revision), HttpStatusCode.Created);
            var submissions = new OpenLoopLoad(client, options.Rate, Submission, HttpStatusCode.Created);
            using var stopLoad = new CancellationTokenSource();
            var load = Task.WhenAll(decisions.RunAsync(stopLoad.Token), submissions.RunAsync(stopLoad.Token));

            BenchApp.Log(provider, $"load: {options.Rate} decisions/s and {options.Rate} submissions/s; {Warmup.TotalSeconds:F0} s warm-up, {options.Baseline} s without the run");
            await Task.Delay(Warmup, ct);
            var baselineFrom = Stopwatch.GetTimestamp();
            var loadBaseline = MachineLoad.OneMinute();
            await Task.Delay(TimeSpan.FromSeconds(options.Baseline), ct);

            BenchApp.Log(provider, "retention run under the same load");
            using var profile = new CommandProfile();
            var runFrom = Stopwatch.GetTimestamp();
            RetentionOutcome? outcome;
            profile.Recording.Value = true;
            await using (var scope = services.CreateAsyncScope())
                outcome = await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(ct);
            profile.Recording.Value = false;
            var runTo = Stopwatch.GetTimestamp();
            var loadRun = MachineLoad.OneMinute();
            await stopLoad.CancelAsync();
            await load;
            var run = Stopwatch.GetElapsedTime(runFrom, runTo);
            BenchApp.Log(provider, $"run: {run.TotalSeconds:F1} s, {outcome?.Total ?? 0:N0} records");

            if (outcome is null)
                throw new LookupMismatchException("the retention run did not start: today's run was finished or held already.");
            var (decisionsBase, decisionsBaseFailed) = decisions.Window(baselineFrom, runFrom);
            var (decisionsRun, decisionsRunFailed) = decisions.Window(runFrom, runTo);
            var (submissionsBase, submissionsBaseFailed) = submissions.Window(baselineFrom, runFrom);
            var (submissionsRun, submissionsRunFailed) = submissions.Window(runFrom, runTo);
            var result = new RetentionResult(provider, options.Subjects, plan.Total, subjects.Elapsed, consentSeeding, dryRun.Elapsed, run, outcome.Disposed,
                decisionsBase!, decisionsRun, submissionsBase!, submissionsRun,
                decisionsBaseFailed + decisionsRunFailed + submissionsBaseFailed + submissionsRunFailed,
                options.Rate, loadBaseline, loadRun, profile.Top(8));
            // The figures first, so a run that disposed of the wrong records still shows what it measured.
            RetentionTable.Print(Console.Out, [result]);
            await VerifyAsync(services, subjects, due, expected, before, await CountAsync(services, ct), outcome, ct);
            BenchApp.Log(provider, "checked: exactly the due records went");
            return result;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Vern takes decisions only under visitor ids it issued: a pool of them, and the revision in force.</summary>
    private static async Task<(int Revision, string[] Visitors)> PrepareLoadAsync(HttpClient client, CancellationToken ct)
    {
        using var config = await client.GetFromJsonAsync<JsonDocument>("/api/v1/consent/config?lang=en", ct);
        var revision = config!.RootElement.GetProperty("revision").GetInt32();
        var visitors = new string[VisitorPool];
        for (var i = 0; i < visitors.Length; i++)
        {
            using var response = await client.PostAsync("/api/v1/consent/visitors", null, ct);
            response.EnsureSuccessStatusCode();
            using var issued = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
            visitors[i] = issued!.RootElement.GetProperty("visitorId").GetString()!;
        }
        return (revision, visitors);
    }

    private static HttpRequestMessage Decision(string visitor, int revision) => new(HttpMethod.Post, "/api/v1/consent/decisions")
    {
        Content = JsonContent.Create(new
        {
            visitorId = visitor,
            revision,
            language = "en",
            action = "custom",
            categories = new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = false },
            gpc = false,
        }),
    };

    // A new person each time, as most contact-form messages are: a data key, a subject and a submission.
    private static HttpRequestMessage Submission(long i) => new(HttpMethod.Post, "/api/v1/submissions")
    {
        Content = JsonContent.Create(new
        {
            form = "contact",
            purpose = "customer-relationship",
            email = string.Create(CultureInfo.InvariantCulture, $"load{i:D7}@example.org"),
            name = string.Create(CultureInfo.InvariantCulture, $"Load {i}"),
            message = SyntheticPeople.Message((int)i),
        }),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<Counts> CountAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return new Counts(
            await db.Subjects.LongCountAsync(ct),
            await db.Subjects.LongCountAsync(s => s.ShreddedAt != null, ct),
            await db.Submissions.LongCountAsync(ct),
            await db.SubjectIdentifiers.LongCountAsync(ct),
            await db.ConsentRecords.LongCountAsync(ct),
            await services.GetRequiredService<KeyStore>().CountAsync(ct));
    }

    /// <summary>Exactly the due records went, and nothing else: what the load added is told apart by what it could add.</summary>
    private static async Task VerifyAsync(IServiceProvider services, BulkSeeding seeded, int[] due, Expected expected, Counts before, Counts after,
        RetentionOutcome outcome, CancellationToken ct)
    {
        var problems = new List<string>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // Every request of the load adds one subject (with its key) and one submission, or one consent record.
        var added = after.Subjects - before.Subjects;
        var dueIds = due.Select(n => seeded.Ids[n]).ToHashSet();
        var shredded = await db.Subjects.Where(s => s.ShreddedAt != null).Select(s => s.Id).ToListAsync(ct);
        if (shredded.Count != expected.Subjects || !shredded.All(dueIds.Contains))
            problems.Add($"{expected.Subjects:N0} due people should have been forgotten; {shredded.Count:N0} were, {shredded.Count(id => !dueIds.Contains(id)):N0} of them not due.");
        if (after.Submissions != before.Submissions - expected.Submissions + added)
            problems.Add($"submissions: {before.Submissions:N0} before, {expected.Submissions:N0} due, {added:N0} added by the load, {after.Submissions:N0} after.");
        if (after.Identifiers != before.Identifiers - expected.Identifiers)
            problems.Add($"identifiers: {before.Identifiers:N0} before, {expected.Identifiers:N0} due, {after.Identifiers:N0} after.");
        if (after.Keys != before.Keys - expected.Subjects + added)
            problems.Add($"data keys: {before.Keys:N0} before, {expected.Subjects:N0} due, {added:N0} added by the load, {after.Keys:N0} after.");
        var keysLeft = await services.GetRequiredService<KeyStore>().ExistingAsync(dueIds.Take(1_000).Select(id => id.ToString()), ct);
        if (keysLeft.Count > 0)
            problems.Add($"{keysLeft.Count} forgotten people still have a data key.");
        var seededLeft = await db.ConsentRecords.LongCountAsync(r => r.Sequence <= before.ConsentRecords, ct);
        var firstLeft = await db.ConsentRecords.MinAsync(r => (long?)r.Sequence, ct);
        if (seededLeft != before.ConsentRecords - expected.ConsentRecords || firstLeft != expected.ConsentRecords + 1)
            problems.Add($"consent records: the first {expected.ConsentRecords:N0} of {before.ConsentRecords:N0} were due; {seededLeft:N0} seeded records are left, the ledger starts at {firstLeft}.");
        var disposed = outcome.Disposed.GroupBy(d => d.Key.Source).ToDictionary(g => g.Key, g => (long)g.Sum(d => d.Value));
        if (disposed.GetValueOrDefault("consent") != expected.ConsentRecords || disposed.GetValueOrDefault("subjects") != expected.Submissions)
            problems.Add($"the run counted {string.Join(", ", outcome.Disposed.Select(d => $"{d.Key.Rule}/{d.Key.Source} {d.Value:N0}"))}; expected consent {expected.ConsentRecords:N0}, subjects {expected.Submissions:N0}.");
        if (problems.Count > 0)
            throw new LookupMismatchException(string.Join(" ", problems));
    }

    private sealed record Counts(long Subjects, long Shredded, long Submissions, long Identifiers, long ConsentRecords, int Keys);

    private sealed record Expected(int Subjects, long Submissions, long Identifiers, long ConsentRecords);

    /// <summary>
    /// When everything happened, counted back from now: one person in a hundred last wrote over two years ago
    /// (contacts-2-years), the others within them, though three in ten of those wrote once before, maybe over two
    /// years ago; the oldest one in a hundred consent records ended over five years ago (consent-5-years), the
    /// others were made after that.
    /// </summary>
    private sealed class Timeline(DateTime now, int seed, long consentRecords)
    {
        private readonly DateTime contactsDay = now.AddYears(-2);
        private readonly DateTime consentDay = now.AddYears(-5);

        public long DueConsentRecords { get; } = consentRecords / 100;

        public static bool IsDue(int n) => n % 100 == 0;

        public DateTime[] Contacts(int n)
        {
            var random = new Random(unchecked(seed * 1_000_003 + n));
            var twice = random.Next(10) < 3;
            var last = IsDue(n)
                ? contactsDay - Margin - random.NextDouble() * TimeSpan.FromDays(365)
                : contactsDay + Margin + random.NextDouble() * (now - contactsDay - Margin - TimeSpan.FromDays(1));
            return twice ? [last - TimeSpan.FromDays(1) - random.NextDouble() * TimeSpan.FromDays(900), last] : [last];
        }

        /// <summary>
        /// Due records were made over a year ending a banner lifetime and a margin before the day, so each ended
        /// (expired) before it; kept ones from a margin after it until an hour ago.
        /// </summary>
        public DateTime ConsentRecordedAt(long i)
        {
            var dueEnd = consentDay - TimeSpan.FromDays(BannerConfig.MaxAgeDays) - Margin;
            var dueStart = dueEnd - TimeSpan.FromDays(365);
            if (i < DueConsentRecords)
                return dueStart + (dueEnd - dueStart) * ((double)i / DueConsentRecords);
            var keptStart = consentDay + Margin;
            var keptEnd = now - TimeSpan.FromHours(1);
            return keptStart + (keptEnd - keptStart) * ((double)(i - DueConsentRecords) / (consentRecords - DueConsentRecords));
        }
    }
}

/// <summary>What one provider measured.</summary>
internal sealed record RetentionResult(
    BenchProvider Provider,
    int Subjects,
    long ConsentRecords,
    TimeSpan SubjectSeeding,
    TimeSpan ConsentSeeding,
    TimeSpan DryRun,
    TimeSpan Run,
    IReadOnlyDictionary<(string Rule, string Source), int> Disposed,
    Percentiles DecisionsWithout,
    Percentiles? DecisionsDuring,
    Percentiles SubmissionsWithout,
    Percentiles? SubmissionsDuring,
    int Failed,
    int Rate,
    double? LoadWithout,
    double? LoadDuring,
    IReadOnlyList<(string Sql, long Count, TimeSpan Total, TimeSpan Max)> Commands);
