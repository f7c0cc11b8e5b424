using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>
/// Writes the planned consent decisions straight into the ledger table, bypassing the API and the
/// group-committing writer (millions of decisions through them would take hours), 50,000 rows per
/// <see cref="BulkWriter{T}"/> call. Each record is
/// what the writer would store: the real keyed visitor hash (so the consent source finds it),
/// contiguous sequence numbers, and a real hash chain from the genesis hash, linked by
/// <see cref="ConsentChain.Compute"/>. Decisions are shuffled over the last year, so one visitor's
/// records are spread across the table as they would be.
/// </summary>
internal static class ConsentSeeder
{
    private const int Chunk = 50_000;

    // Half accept everything, a third reject everything optional, the rest choose.
    private static readonly ConsentAction[] Actions = [ConsentAction.AcceptAll, ConsentAction.AcceptAll, ConsentAction.AcceptAll, ConsentAction.RejectAll, ConsentAction.RejectAll, ConsentAction.Custom];

    /// <param name="provider">The database seeded.</param>
    /// <param name="services">The application's services.</param>
    /// <param name="plan">Who decides how often.</param>
    /// <param name="seed">Seeds the order of the decisions and their answers.</param>
    /// <param name="recordedAt">
    /// When the record with the given index (0-based, in chain order) was made, non-decreasing; null spreads
    /// the records evenly over the last year.
    /// </param>
    /// <param name="ct">Stops seeding.</param>
    /// <param name="only">Every record this answer instead of the banner's mix: a newsletter confirmation, say.</param>
    public static async Task<TimeSpan> SeedAsync(BenchProvider provider, IServiceProvider services, SyntheticConsent plan, int seed, Func<long, DateTime>? recordedAt, CancellationToken ct,
        (ConsentAction Action, string Categories, string Services, string TextHash)? only = null)
    {
        var started = Stopwatch.GetTimestamp();
        BenchApp.Log(provider, $"seeding {plan.Total:N0} consent records from {plan.VisitorIds.Length:N0} visitors ({plan.LinkedVisitors:N0} linked to subjects)");

        var hasher = services.GetRequiredService<LookupHasher>();
        var lookups = new byte[plan.VisitorIds.Length][];
        for (var v = 0; v < lookups.Length; v++)
            lookups[v] = await hasher.HashIdentifierAsync(ConsentLookup.Kind, plan.VisitorIds[v], ct);

        var owners = new int[plan.Total];
        var at = 0;
        for (var v = 0; v < plan.RecordsPerVisitor.Length; v++)
            for (var r = 0; r < plan.RecordsPerVisitor[v]; r++)
                owners[at++] = v;
        var random = new Random(seed);
        random.Shuffle(owners);

        var snapshot = await services.GetRequiredService<ConsentCatalogue>().GetAsync(ct);
        var revision = snapshot.Revisions[snapshot.CurrentRevision];
        var model = revision.Model;
        var choices = Actions.Select(action => (action, Answers(model.ConsentCategories.Select(c => (c.Id, c.Required)).ToList(), model.Services.Select(s => (s.Id, s.Category)).ToList(), action)))
            .ToArray();
        var textHash = snapshot.Config(revision.Number, "en").TextHash;
        var policy = snapshot.PolicyVersions.GetValueOrDefault("en");

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var first = now.AddDays(-365);
        var step = TimeSpan.FromDays(365).Ticks / plan.Total;
        var previous = HashChain.Genesis;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.OpenConnectionAsync(ct);
        var writer = new BulkWriter<ConsentRecord>(db, provider);
        var rebuildIndexes = await writer.WithoutIndexesAsync();
        var batch = new List<ConsentRecord>(Chunk);
        // The next chunk is built and chained while the last one is written.
        var writing = Task.CompletedTask;
        for (long i = 0; i < plan.Total; i++)
        {
            var visitor = owners[i];
            var (action, (categories, services2)) = only is { } given ? (given.Action, (given.Categories, given.Services)) : choices[random.Next(choices.Length)];
            var madeAt = HashChain.Truncate(recordedAt?.Invoke(i) ?? first.AddTicks(i * step));
            var record = new ConsentRecord
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(madeAt)),
                Sequence = i + 1,
                RecordedAt = madeAt,
                VisitorId = plan.VisitorIds[visitor],
                VisitorLookup = lookups[visitor],
                Revision = revision.Number,
                Language = "en",
                Action = action,
                Categories = categories,
                Services = services2,
                Gpc = false,
                TextHash = only?.TextHash ?? textHash,
                PolicyVersion = policy,
                PreviousHash = previous,
            };
            record.Hash = previous = ConsentChain.Compute(record);
            batch.Add(record);
            if (batch.Count == Chunk || i == plan.Total - 1)
            {
                await writing;
                var full = batch;
                writing = Task.Run(() => writer.InsertAsync(full), ct);
                batch = new List<ConsentRecord>(Chunk);
                if ((i + 1) % (Chunk * 8) == 0 || i == plan.Total - 1)
                    BenchApp.Log(provider, $"  {i + 1:N0} consent records, {(i + 1) / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s so far");
            }
        }
        await writing;
        BenchApp.Log(provider, "  building the ledger's indexes again");
        await rebuildIndexes();
        var count = await db.ConsentRecords.LongCountAsync(ct);
        if (count != plan.Total)
            throw new LookupMismatchException($"expected {plan.Total:N0} consent records after seeding, found {count:N0}.");
        // The load's pragmas must not outlive it in the pool.
        await db.Database.CloseConnectionAsync();
        SqliteConnection.ClearAllPools();
        // The records join the consent log now, not in the writer's start-up while the benchmark's load runs.
        BenchApp.Log(provider, "  adding them to the consent log");
        await ConsentLedgerWriter.CatchUpAsync(services, ct);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The canonical JSON the banner's decisions store, for one kind of answer.</summary>
    private static (string Categories, string Services) Answers(List<(string Id, bool Required)> categories, List<(string Id, string Category)> services, ConsentAction action)
    {
        var firstOptional = categories.FirstOrDefault(c => !c.Required).Id;
        var answers = new SortedDictionary<string, bool>(
            categories.ToDictionary(c => c.Id, c => c.Required || action == ConsentAction.AcceptAll || (action == ConsentAction.Custom && c.Id == firstOptional)), StringComparer.Ordinal);
        var serviceAnswers = new SortedDictionary<string, bool>(services.ToDictionary(s => s.Id, s => answers.GetValueOrDefault(s.Category)), StringComparer.Ordinal);
        return (JsonSerializer.Serialize(answers), JsonSerializer.Serialize(serviceAnswers));
    }
}
