using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Jobs;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Retention;

/// <summary>What a run disposed of, per rule and source; null when another process has today's run.</summary>
internal sealed record RetentionOutcome(Guid RunId, IReadOnlyDictionary<(string Rule, string Source), int> Disposed)
{
    public int Total => Disposed.Values.Sum();
}

/// <summary>
/// Carries out every rule of the definition in force, once a day across all servers. Each batch is one
/// short transaction that disposes of records and adds them to the run's counts together, so a run that
/// dies leaves no half-deleted person and no count that is wrong; the next attempt the same day takes the
/// run over once its lease has lapsed and goes on where it stopped. A process that stalled past its lease
/// (a paused machine, a database that did not answer) finds at its next batch that another took the run over,
/// and stops: it neither disposes beside the new holder nor finishes the run a second time.
/// </summary>
internal sealed class RetentionEngine(AppDb db, IEnumerable<IRetentionSource> sources, ModelStore models, WorkLease lease, TimeProvider time, IConfiguration configuration)
{
    // The most a batch takes; each source's batches start small and are sized by how long their writes take.
    private readonly int batch = Math.Clamp(configuration.GetValue("Vern:Retention:BatchSize", 500), 1, 10_000);
    // How long a write should last: the database's budget for what the source's writes hold, unless configuration sets one for all.
    private readonly TimeSpan? writeBudget = configuration.GetValue<TimeSpan?>("Vern:Retention:WriteBudget");
    private readonly TimeSpan pause = configuration.GetValue("Vern:Retention:Pause", TimeSpan.FromMilliseconds(10));
    private const int FirstBatch = 16;
    private static readonly string Holder = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Today's run, unless it finished already or another process holds it (or took it over meanwhile).</summary>
    public async Task<RetentionOutcome?> RunAsync(CancellationToken ct)
    {
        var run = await ClaimAsync(OsloCalendar.Today(time), ct);
        if (run is null)
            return null;
        var model = models.Current.Model;
        var held = 0;
        foreach (var source in sources)
            held += await source.PlaceLegalHoldsAsync(model, ct);
        await db.SaveChangesAsync(ct);
        foreach (var step in RetentionPlan.For(model, sources, run.Day))
            foreach (var source in step.Sources)
            {
                var size = Math.Min(batch, FirstBatch);
                while (true)
                {
                    if (await DisposeBatchAsync(run, step.Scope, source, size, ct) is not { } done)
                        return null;
                    if (done.Disposed == 0)
                        break;
                    // A batch's write holds the database's one writer on SQLite, and the ledger's lock: a request waits for at most
                    // one write, so each is sized to last about the write budget, and the run rests at least as long as it wrote,
                    // so the requests waiting get their turn; it checkpoints what it wrote while it rests. Real time, not the
                    // application's clock: it is about the requests served meanwhile, not about the day.
                    size = NextSize(size, done.Writing, writeBudget ?? db.BatchWriteBudget(source.LocksConsentLedger));
                    var resting = Stopwatch.GetTimestamp();
                    await db.CheckpointAsync(ct);
                    var rest = Max(done.Writing, pause) - Stopwatch.GetElapsedTime(resting);
                    if (rest > TimeSpan.Zero)
                        await Task.Delay(rest, ct);
                }
            }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var finishedAt = time.GetUtcNow().UtcDateTime;
        if (await db.RetentionRuns.Where(r => r.Id == run.Id && r.LeaseUntil == run.LeaseUntil && r.FinishedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.FinishedAt, finishedAt), ct) == 0)
            return null;
        var counts = await db.RetentionDisposals.AsNoTracking().Where(d => d.RunId == run.Id).ToDictionaryAsync(d => (d.Rule, d.Source), d => d.Count, ct);
        var disposedOf = counts.Count == 0 ? "nothing was due" : string.Join("; ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key.Rule} {c.Key.Source} {c.Value}"));
        var holds = held > 0 ? $"; holds placed or extended by the definition's legal holds: {held}" : "";
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "retention.run", details: $"{run.Day:yyyy-MM-dd}: {disposedOf}{holds}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RetentionOutcome(run.Id, counts);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The next batch's size, so its write lasts about the budget: at most twice the last, within 1 and the maximum.</summary>
    private int NextSize(int size, TimeSpan writing, TimeSpan budget)
    {
        var scaled = writing <= TimeSpan.Zero ? size * 2.0 : size * (budget / writing);
        return (int)Math.Clamp(Math.Min(scaled, size * 2.0), 1, batch);
    }

    /// <summary>A dry run counts this many records per rule and source at most.</summary>
    public const int DryRunLimit = 10_000;

    /// <summary>
    /// What the next run would dispose of, per rule and source, without touching anything; a count of
    /// <see cref="DryRunLimit"/> means at least that many.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Rule, string Source), int>> DryRunAsync(CancellationToken ct)
    {
        var due = new Dictionary<(string, string), int>();
        foreach (var step in RetentionPlan.For(models.Current.Model, sources, OsloCalendar.Today(time)))
            foreach (var source in step.Sources)
                due[(step.Scope.Rule.Id, source.Name)] = await source.CountDueAsync(step.Scope, DryRunLimit, ct);
        return due;
    }

    /// <summary>How many records the batch disposed of and how long it wrote; null when another process has taken the run over.</summary>
    private async Task<(int Disposed, TimeSpan Writing)?> DisposeBatchAsync(RetentionRun run, RetentionScope scope, IRetentionSource source, int size, CancellationToken ct)
    {
        IDbContextTransaction? transaction = null;
        var began = 0L;
        try
        {
            var disposed = await source.DisposeAsync(scope, new RetentionBatch(size, async c =>
            {
                began = Stopwatch.GetTimestamp();
                transaction = await BeginHeldAsync(run, c);
            }), ct);
            // A source that found nothing to change began nothing; the lease is renewed in a transaction of its own then.
            transaction ??= await BeginHeldAsync(run, ct);
            if (disposed > 0)
            {
                var row = await db.RetentionDisposals.FirstOrDefaultAsync(d => d.RunId == run.Id && d.Rule == scope.Rule.Id && d.Source == source.Name, ct);
                if (row is null)
                    db.RetentionDisposals.Add(new RetentionDisposal { RunId = run.Id, Rule = scope.Rule.Id, Source = source.Name, Count = disposed });
                else
                    row.Count += disposed;
            }
            await db.SaveChangesAsync(ct);
            // Up to the commit, whose cost is the same for any size of batch: after it come the shredded people's keys, in the key
            // store, which holds nothing a request waits for.
            var writing = began == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(began);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return (disposed, writing);
        }
        catch (RunTakenOver)
        {
            return null;
        }
        finally
        {
            if (transaction is not null)
                await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Begins a batch's transaction by renewing the lease, so a long run keeps it and a dead one loses it soon; and only
    /// while this process still holds it, before the source changes anything. The update locks the run's row until the
    /// batch commits, so a take-over waits for the batch and then finds the lease renewed, or came first and the batch
    /// stops here.
    /// </summary>
    private async Task<IDbContextTransaction> BeginHeldAsync(RetentionRun run, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var renewed = lease.Until(time);
            if (await db.RetentionRuns.Where(r => r.Id == run.Id && r.LeaseUntil == run.LeaseUntil && r.FinishedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseUntil, renewed), ct) == 0)
                throw new RunTakenOver();
            run.LeaseUntil = renewed;
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another process took the run over while this one was not looking: the batch stops before it changes anything.</summary>
    private sealed class RunTakenOver() : Exception("Another process took today's retention run over.");

    /// <summary>
    /// Starts today's run, or takes over one whose process stopped holding it. The run comes back untracked: its row
    /// changes only by conditional updates, which check that this process still holds it.
    /// </summary>
    private async Task<RetentionRun?> ClaimAsync(DateOnly today, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.RetentionRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Day == today, ct);
        if (existing is null)
        {
            var run = new RetentionRun { Id = Guid.CreateVersion7(time.GetUtcNow()), Day = today, StartedAt = now, Holder = Holder, LeaseUntil = lease.Until(time) };
            db.RetentionRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(run).State = EntityState.Detached;
                return run;
            }
            catch (DbUpdateException)
            {
                // Another server started today's run first: the unique day says so.
                db.ChangeTracker.Clear();
                return null;
            }
        }
        if (existing.FinishedAt is not null || existing.LeaseUntil > now)
            return null;
        var taken = await db.RetentionRuns
            .Where(r => r.Id == existing.Id && r.FinishedAt == null && r.LeaseUntil == existing.LeaseUntil)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Holder, Holder).SetProperty(r => r.LeaseUntil, lease.Until(time)), ct);
        return taken == 1 ? await db.RetentionRuns.AsNoTracking().FirstAsync(r => r.Id == existing.Id, ct) : null;
    }
}
