using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;
using Vern.Features.Rights;
using Vern.Features.Site;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Bench;

/// <summary>
/// Seeds subjects (each with a form submission and one or two linked browsers) and a consent ledger
/// of millions of decisions, then fulfils access and erasure requests for random people the way
/// <see cref="RightsFulfilmentService"/> does: a DI scope of its own, the request loaded tracked,
/// <see cref="RightsFulfilment.ProcessAsync"/>. Each operation is checked afterwards.
/// </summary>
internal static class RightsBenchmark
{
    private static readonly Uri Site = new("https://bench.example.org/");
    private static readonly EfCommandCounter Counter = new();

    public static async Task<RightsResult> RunAsync(BenchProvider provider, RightsOptions options, CancellationToken ct)
    {
        var plan = SyntheticConsent.Plan(options.Subjects, options.ConsentRecords, options.Seed);
        await using var databases = await BenchDatabases.CreateAsync(provider, ct);
        // The background service would pick up the benchmark's requests; the benchmark runs them itself.
        await using var app = BenchApp.Build(databases, new Dictionary<string, string> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        var services = app.Services;

        BenchApp.Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);

        var seeding = await SubjectSeeder.SeedAsync(provider, services, options.Subjects, options.BatchSize,
            (scopeServices, n, subject, token) => AddAlongsideAsync(scopeServices, plan, n, subject, token), ct);
        await SubjectSeeder.VerifyCountsAsync(services, options.Subjects, ct);
        var consentSeeding = await ConsentSeeder.SeedAsync(provider, services, plan, options.Seed, recordedAt: null, ct);
        if (provider == BenchProvider.Postgres)
            await databases.AnalyzeAsync(ct);

        // An erasure withdraws consent through the ledger writer, a hosted service the app has not started.
        var ledger = services.GetRequiredService<ConsentLedgerWriter>();
        await ledger.StartAsync(ct);
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();

            // Distinct people for every operation, access and erasure alike.
            var order = Enumerable.Range(0, options.Subjects).ToArray();
            new Random(options.Seed).Shuffle(order);
            var perKind = options.Warmup + options.Operations;
            if (2 * perKind > options.Subjects)
                throw new ArgumentException($"--subjects must be at least {2 * perKind:N0} for {options.Operations:N0} operations and {options.Warmup:N0} warm-up of each kind.");
            var next = 0;

            BenchApp.Log(provider, $"warming up with {options.Warmup:N0} access and {options.Warmup:N0} erasure requests");
            for (var i = 0; i < options.Warmup; i++)
            {
                await AccessAsync(services, seeding.Ids, plan, order[next++], new Counts(), ct);
                await EraseAsync(services, seeding.Ids, plan, order[next++], new Counts(), ct);
            }

            BenchApp.Log(provider, $"measuring {options.Operations:N0} access requests, then {options.Operations:N0} erasure requests");
            var scansBefore = provider == BenchProvider.Postgres ? await ScanCounter.ReadAsync(databases.Settings["ConnectionStrings:Vern"], ct) : null;
            var loadBefore = MachineLoad.OneMinute();
            var access = new long[options.Operations];
            long packageBytes = 0, consentRows = 0;
            var accessCommands = new Counts();
            for (var i = 0; i < options.Operations; i++)
            {
                var n = order[next++];
                (access[i], var bytes) = await AccessAsync(services, seeding.Ids, plan, n, accessCommands, ct);
                packageBytes += bytes;
                consentRows += plan.RecordsOf(n);
            }
            var erasure = new long[options.Operations];
            var erasureCommands = new Counts();
            for (var i = 0; i < options.Operations; i++)
                erasure[i] = await EraseAsync(services, seeding.Ids, plan, order[next++], erasureCommands, ct);
            var loadAfter = MachineLoad.OneMinute();
            var scans = scansBefore is null ? null : ScanCounter.Difference(scansBefore, await ScanCounter.ReadAsync(databases.Settings["ConnectionStrings:Vern"], ct));

            return new RightsResult(provider, options.Subjects, plan.Total, seeding.Add + seeding.Save, consentSeeding,
                Percentiles.FromTicks(access), Percentiles.FromTicks(erasure),
                (double)consentRows / options.Operations, (double)packageBytes / options.Operations, loadBefore, loadAfter, scans,
                accessCommands.PerRequest(options.Operations), erasureCommands.PerRequest(options.Operations));
        }
        finally
        {
            await ledger.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>What a person has besides their contact details: a contact-form message (as RecordSubmission stores it) and their browsers.</summary>
    private static async Task AddAlongsideAsync(IServiceProvider scoped, SyntheticConsent plan, int n, Subject subject, CancellationToken ct)
    {
        var vault = scoped.GetRequiredService<SubjectVault>();
        var db = scoped.GetRequiredService<AppDb>();
        var time = scoped.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        db.Submissions.Add(new Submission
        {
            Id = Guid.CreateVersion7(now),
            SubjectId = subject.Id,
            Form = ContactModel.Form,
            Purpose = ContactModel.Purpose,
            SubmittedAt = now.UtcDateTime,
            Content = await vault.SealAsync(subject.Id, RecordSubmission.ContentField, SyntheticPeople.Message(n), ct),
        });
        var visitors = plan.VisitorsOf(n);
        for (var v = visitors.Start.Value; v < visitors.End.Value; v++)
            await vault.AddIdentifierAsync(subject.Id, DataSubjects.VisitorIdKind, plan.VisitorIds[v], ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "api", "submission.recorded", subject.Id, details: $"form {ContactModel.Form}, purpose {ContactModel.Purpose}"));
    }

    private static async Task<Guid> NewRequestAsync(IServiceProvider services, Guid subjectId, RightsRequestType type, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var request = new RightsRequest
        {
            Id = Guid.CreateVersion7(now),
            Type = type,
            Status = RightsRequestStatus.InProgress,
            SubjectId = subjectId,
            ReceivedAt = now.UtcDateTime,
            VerifiedAt = now.UtcDateTime,
            DueDate = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(1),
        };
        db.RightsRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return request.Id;
    }

    /// <summary>The measured part: a scope, the request loaded tracked, fulfilment, the scope disposed.</summary>
    private static async Task<long> ProcessAsync(IServiceProvider services, Guid requestId, Counts counts, CancellationToken ct)
    {
        var (commandsBefore, commitsBefore) = (Counter.Commands, Counter.Commits);
        var started = Stopwatch.GetTimestamp();
        bool completed;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var request = await db.RightsRequests.SingleAsync(r => r.Id == requestId, ct);
            completed = await scope.ServiceProvider.GetRequiredService<RightsFulfilment>().ProcessAsync(request, Site, ct);
        }
        var elapsed = Stopwatch.GetTimestamp() - started;
        counts.Commands += Counter.Commands - commandsBefore;
        counts.Commits += Counter.Commits - commitsBefore;
        if (!completed)
            throw new LookupMismatchException($"request {requestId} was not completed.");
        return elapsed;
    }

    private static async Task<(long Ticks, int PackageBytes)> AccessAsync(IServiceProvider services, Guid[] ids, SyntheticConsent plan, int n, Counts counts, CancellationToken ct)
    {
        var requestId = await NewRequestAsync(services, ids[n], RightsRequestType.Access, ct);
        var ticks = await ProcessAsync(services, requestId, counts, ct);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var package = await db.AccessPackages.AsNoTracking().Where(p => p.RequestId == requestId && p.SubjectId == ids[n])
            .Select(p => new { Length = p.Content == null ? 0 : p.Content.Length }).SingleOrDefaultAsync(ct);
        if (package is null || package.Length == 0)
            throw new LookupMismatchException($"the access request for subject #{n} ({ids[n]}) left no package.");
        var consent = await db.RequestSourceResults.AsNoTracking().Where(r => r.RequestId == requestId && r.Source == "consent").Select(r => r.Detail).SingleOrDefaultAsync(ct);
        var expected = $"{plan.RecordsOf(n)} record(s)";
        if (consent != expected)
            throw new LookupMismatchException($"the access package of subject #{n} ({ids[n]}) should hold {expected} of consent, the consent source reported '{consent}'.");
        return (ticks, package.Length);
    }

    private static async Task<long> EraseAsync(IServiceProvider services, Guid[] ids, SyntheticConsent plan, int n, Counts counts, CancellationToken ct)
    {
        var requestId = await NewRequestAsync(services, ids[n], RightsRequestType.Erasure, ct);
        var ticks = await ProcessAsync(services, requestId, counts, ct);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(ids[n], ct) is not null)
            throw new LookupMismatchException($"subject #{n} ({ids[n]}) can still be revealed after erasure.");
        if (!await db.ErasureLedger.AnyAsync(e => e.SubjectId == ids[n] && e.RequestId == requestId, ct))
            throw new LookupMismatchException($"the erasure of subject #{n} ({ids[n]}) wrote no erasure ledger entry.");
        if (await db.Submissions.AnyAsync(s => s.SubjectId == ids[n], ct) || await db.SubjectIdentifiers.AnyAsync(i => i.SubjectId == ids[n], ct))
            throw new LookupMismatchException($"subject #{n} ({ids[n]}) still has submissions or identifiers after erasure.");
        var consent = await db.RequestSourceResults.AsNoTracking().Where(r => r.RequestId == requestId && r.Source == "consent").Select(r => (SourceStatus?)r.Status).SingleOrDefaultAsync(ct);
        if (consent != SourceStatus.Kept && plan.RecordsOf(n) > 0)
            throw new LookupMismatchException($"the erasure of subject #{n} ({ids[n]}) should have kept their consent records as evidence; the consent source reported '{consent}'.");
        return ticks;
    }
}

/// <summary>EF commands and commits in the main database during measured requests.</summary>
internal sealed class Counts
{
    public long Commands { get; set; }

    public long Commits { get; set; }

    public (double Commands, double Commits) PerRequest(int requests) => ((double)Commands / requests, (double)Commits / requests);
}

/// <summary>What one provider measured.</summary>
internal sealed record RightsResult(
    BenchProvider Provider,
    int Subjects,
    long ConsentRecords,
    TimeSpan SubjectSeeding,
    TimeSpan ConsentSeeding,
    Percentiles Access,
    Percentiles Erasure,
    double ConsentRowsPerPackage,
    double PackageBytes,
    double? LoadBefore,
    double? LoadAfter,
    IReadOnlyList<string>? SequentialScans,
    (double Commands, double Commits) AccessCommands,
    (double Commands, double Commits) ErasureCommands)
{
    /// <summary>The ceiling from the issue: p95 of one access package, and of one erasure.</summary>
    public const double P95CeilingMs = 500;
}
