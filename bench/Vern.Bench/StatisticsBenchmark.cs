using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Infrastructure.Hosting;

namespace Vern.Bench;

/// <summary>
/// Seeds one site's raw statistics events over the 395 days that ended yesterday, and a full day's worth for today
/// (squeezed into the hours gone so far, as at the end of a busy day), straight into the table; rolls every ended day
/// up with <see cref="AnalyticsRollups.RunAsync"/> as the hourly job does (first the backlog, then the last day on its
/// own, as an ordinary hour's run after midnight); then measures what the dashboard does for one view: a scope, and
/// <see cref="AnalyticsFigures.WithPreviousAsync"/> (the range, and the totals of the period of the same length before it).
/// </summary>
internal static class StatisticsBenchmark
{
    /// <summary>The ceiling from the issue, per dashboard view.</summary>
    public const double P95CeilingMs = 300;

    /// <summary>Thirteen months of ended days.</summary>
    public const int Days = 395;

    public static readonly int[] RangeLengths = [1, 7, 30, 90, 365, 400];

    private const int Chunk = 50_000;

    public static async Task<StatisticsResult> RunAsync(BenchProvider provider, StatisticsOptions options, CancellationToken ct)
    {
        await using var databases = await BenchDatabases.CreateAsync(provider, ct);
        // The benchmark rolls up itself, at the moment it chooses; the hosted services are not started anyway.
        await using var app = BenchApp.Build(databases, new Dictionary<string, string> { ["Analytics:RollupEvery"] = "365.00:00:00" });
        var services = app.Services;
        BenchApp.Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var firstDay = today.AddDays(-Days);
        var yesterday = today.AddDays(-1);

        await EnsurePartitionsAsync(services, firstDay, today, ct);
        var visits = new SyntheticVisits(options.Seed);
        var seeding = await SeedAsync(provider, services, options, visits, firstDay, today, now, ct);
        BenchApp.Log(provider, "gathering statistics");
        await databases.AnalyzeAsync(ct);

        BenchApp.Log(provider, $"rolling up {Days - 1} days (the backlog)");
        var (backlogDays, backlog) = await RollUpAsync(services, yesterday.AddDays(-1), ct);
        BenchApp.Log(provider, $"  {backlogDays} days in {backlog.TotalSeconds:F1} s; rolling up yesterday");
        var (lastDays, lastDay) = await RollUpAsync(services, yesterday, ct);
        BenchApp.Log(provider, $"  {lastDays} day in {lastDay.TotalMilliseconds:F0} ms");
        await databases.AnalyzeAsync(ct);

        long dayRows;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            dayRows = await db.AnalyticsDays.LongCountAsync(ct);
            BenchApp.Log(provider, $"  {dayRows:N0} day rows, {await db.AnalyticsMonths.LongCountAsync(ct):N0} month rows");
            // The figures of the whole period, rolled up and live, must count every page view seeded.
            var all = await scope.ServiceProvider.GetRequiredService<AnalyticsFigures>().ForAsync(SyntheticVisits.Site, firstDay, today, ct);
            if (all.PageViews != seeding.PageViews)
                throw new LookupMismatchException($"the dashboard counts {all.PageViews:N0} page views from {firstDay:yyyy-MM-dd} to {today:yyyy-MM-dd}, {seeding.PageViews:N0} were seeded.");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var plan = Plan(options, firstDay, today);
        BenchApp.Log(provider, $"warming up with {options.Warmup:N0} dashboard views");
        foreach (var view in plan.Take(options.Warmup))
            await ViewAsync(services, view, ct);

        BenchApp.Log(provider, $"measuring {options.Views:N0} dashboard views");
        var loadBefore = MachineLoad.OneMinute();
        var measured = new List<(View View, long Ticks)>(options.Views);
        foreach (var view in plan.Skip(options.Warmup))
            measured.Add((view, await ViewAsync(services, view, ct)));
        var loadAfter = MachineLoad.OneMinute();

        var rows = new List<(string Range, Percentiles Views)>();
        foreach (var length in RangeLengths)
            rows.Add(($"{length} days", Percentiles.FromTicks([.. measured.Where(m => m.View.Length == length).Select(m => m.Ticks)])));
        rows.Add(("ending before today", Percentiles.FromTicks([.. measured.Where(m => !m.View.WithToday).Select(m => m.Ticks)])));
        rows.Add(("including today (live)", Percentiles.FromTicks([.. measured.Where(m => m.View.WithToday).Select(m => m.Ticks)])));
        rows.Add(("all", Percentiles.FromTicks([.. measured.Select(m => m.Ticks)])));

        // Today is recounted once a minute (Analytics:LiveFor), from the events written since the last count: what the
        // view that recounts costs, with a minute of a busy day's events written before each. An erasure of someone seen
        // today makes the next count read the whole day again.
        BenchApp.Log(provider, "measuring 100 views that recount today, and 20 after an erasure");
        await using (var recounting = BenchApp.Build(databases, new Dictionary<string, string> { ["Analytics:RollupEvery"] = "365.00:00:00", ["Analytics:LiveFor"] = "00:00:00" }))
        {
            var withToday = plan.Skip(options.Warmup).Where(v => v.WithToday).ToList();
            await ViewAsync(recounting.Services, withToday[0], ct);
            var perMinute = Math.Max(1, seeding.Today / (24 * 60));
            var recounted = new List<long>();
            foreach (var view in withToday.Take(100))
            {
                await AddMinuteAsync(recounting.Services, visits, perMinute, today, now, ct);
                recounted.Add(await ViewAsync(recounting.Services, view, ct));
            }
            rows.Add(("including today, recounted", Percentiles.FromTicks([.. recounted])));
            var afterErasure = new List<long>();
            foreach (var view in withToday.Take(20))
            {
                await EraseSomeoneSeenTodayAsync(recounting.Services, today, ct);
                afterErasure.Add(await ViewAsync(recounting.Services, view, ct));
            }
            rows.Add(("including today, after an erasure", Percentiles.FromTicks([.. afterErasure])));
        }

        return new StatisticsResult(provider, seeding.Events, seeding.Today, seeding.Insert, seeding.Indexes,
            backlogDays, backlog, lastDay, dayRows, rows, loadBefore, loadAfter, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    /// <summary>
    /// On PostgreSQL, the month partitions of the whole period, made as Vern makes them each hour (this month and the next
    /// two), by <see cref="AnalyticsPartitions.EnsureAheadAsync"/> at the first of each past month. A no-op on SQLite.
    /// </summary>
    private static async Task EnsurePartitionsAsync(IServiceProvider services, DateOnly firstDay, DateOnly today, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        for (var month = new DateOnly(firstDay.Year, firstDay.Month, 1); month <= today; month = month.AddMonths(1))
            await new AnalyticsPartitions(db, settings, new FixedTime(month)).EnsureAheadAsync(ct);
    }

    private static async Task<Seeding> SeedAsync(BenchProvider provider, IServiceProvider services, StatisticsOptions options, SyntheticVisits visits, DateOnly firstDay, DateOnly today, DateTime now, CancellationToken ct)
    {
        // Each ended day's share of the events by its weight; today as a full day, squeezed into the hours gone.
        var weights = Enumerable.Range(0, Days + 1).Select(i => SyntheticVisits.Weight(firstDay.AddDays(i), Math.Min(i, Days - 1), Days)).ToArray();
        var budgets = new int[weights.Length];
        double total = weights.Sum(), cumulative = 0;
        long assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            var upTo = (long)Math.Round(options.Events * cumulative / total);
            budgets[i] = (int)(upTo - assigned);
            assigned = upTo;
        }
        BenchApp.Log(provider, $"seeding {options.Events:N0} events of {SyntheticVisits.Site} from {firstDay:yyyy-MM-dd} to {today:yyyy-MM-dd} ({budgets[^1]:N0} of them today)");

        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.OpenConnectionAsync(ct);
        var writer = new BulkWriter<AnalyticsEvent>(db, provider);
        var rebuildIndexes = await writer.WithoutIndexesAsync();
        var batch = new List<AnalyticsEvent>(Chunk);
        var writing = Task.CompletedTask;
        long id = 0, pageViews = 0;
        for (var i = 0; i < budgets.Length; i++)
        {
            var day = firstDay.AddDays(i);
            var squeeze = day == today ? now - now.Date - TimeSpan.FromSeconds(1) : (TimeSpan?)null;
            foreach (var e in visits.Day(day, budgets[i], squeeze))
            {
                e.Id = ++id;
                pageViews += e.Kind == AnalyticsEventKind.PageView ? 1 : 0;
                batch.Add(e);
                if (batch.Count == Chunk)
                {
                    await writing;
                    var full = batch;
                    writing = Task.Run(() => writer.InsertAsync(full), ct);
                    batch = new List<AnalyticsEvent>(Chunk);
                    if (id % (Chunk * 20) == 0)
                        BenchApp.Log(provider, $"  {id:N0} events, {id / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s so far");
                }
            }
        }
        await writing;
        await writer.InsertAsync(batch);
        var insert = Stopwatch.GetElapsedTime(started);
        BenchApp.Log(provider, $"  {id:N0} events in {insert.TotalSeconds:F1} s; building the indexes again");
        var indexing = Stopwatch.GetTimestamp();
        await rebuildIndexes();
        var indexes = Stopwatch.GetElapsedTime(indexing);
        if (provider == BenchProvider.Postgres)
        {
            // The ids were written with the rows; the sequence continues after them, as if the writer had drawn them.
            await db.Database.ExecuteSqlAsync($"""SELECT setval('"AnalyticsEvents_Id_seq"', {id})""", ct);
        }
        var count = await db.AnalyticsEvents.LongCountAsync(ct);
        if (count != options.Events)
            throw new LookupMismatchException($"expected {options.Events:N0} events after seeding, found {count:N0}.");
        await db.Database.CloseConnectionAsync();
        // The load's pragmas must not outlive it in the pool.
        SqliteConnection.ClearAllPools();
        return new Seeding(id, budgets[^1], pageViews, insert, indexes);
    }

    /// <summary>A minute's events of a busy day, as the writer would add them: the day's visits squeezed into the minute before now.</summary>
    private static async Task AddMinuteAsync(IServiceProvider services, SyntheticVisits visits, int count, DateOnly today, DateTime now, CancellationToken ct)
    {
        var minute = now - TimeSpan.FromMinutes(1) - today.ToDateTime(TimeOnly.MinValue);
        var events = visits.Day(today, count, TimeSpan.FromMinutes(1));
        foreach (var e in events)
            e.OccurredAt += minute;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.AnalyticsEvents.AddRange(events);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What an erasure does to the statistics: the person's raw events go.</summary>
    private static async Task EraseSomeoneSeenTodayAsync(IServiceProvider services, DateOnly today, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var (start, end) = AnalyticsRollups.Bounds(today);
        var visitor = await db.AnalyticsEvents.Where(e => e.Site == SyntheticVisits.Site && e.OccurredAt >= start && e.OccurredAt < end)
            .OrderByDescending(e => e.Id).Select(e => e.Visitor).FirstAsync(ct);
        await db.AnalyticsEvents.Where(e => e.Visitor == visitor).ExecuteDeleteAsync(ct);
    }

    private static async Task<(int Days, TimeSpan Time)> RollUpAsync(IServiceProvider services, DateOnly through, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var days = await scope.ServiceProvider.GetRequiredService<AnalyticsRollups>().RunAsync(through, ct);
        return (days, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The views, warm-up first: each range length in turn, every other round ending today (so today's raw events are
    /// read live), the others on a random ended day, as late in the period as the range allows at the earliest.
    /// </summary>
    private static List<View> Plan(StatisticsOptions options, DateOnly firstDay, DateOnly today)
    {
        var random = new Random(options.Seed);
        var yesterday = today.AddDays(-1);
        var views = new List<View>();
        for (var i = 0; i < options.Warmup + options.Views; i++)
        {
            var length = RangeLengths[i % RangeLengths.Length];
            var withToday = i / RangeLengths.Length % 2 == 1;
            var earliest = firstDay.AddDays(length - 1);
            if (earliest > yesterday)
                earliest = yesterday;
            var to = withToday ? today : earliest.AddDays(random.Next(yesterday.DayNumber - earliest.DayNumber + 1));
            views.Add(new View(length, withToday, to.AddDays(1 - length), to));
        }
        return views;
    }

    /// <summary>The measured part, as the dashboard page does it in one request: the range, then the period before it.</summary>
    private static async Task<long> ViewAsync(IServiceProvider services, View view, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var scope = services.CreateAsyncScope())
        {
            var figures = scope.ServiceProvider.GetRequiredService<AnalyticsFigures>();
            var (range, _) = await figures.WithPreviousAsync(SyntheticVisits.Site, view.From, view.To, ct);
            if (range.Days.Count != view.Length)
                throw new LookupMismatchException($"the figures from {view.From:yyyy-MM-dd} to {view.To:yyyy-MM-dd} have {range.Days.Count} days.");
        }
        return Stopwatch.GetTimestamp() - started;
    }

    private sealed record View(int Length, bool WithToday, DateOnly From, DateOnly To);

    private sealed record Seeding(long Events, int Today, long PageViews, TimeSpan Insert, TimeSpan Indexes);

    /// <summary>A clock standing at the first instant of a day, for making a past month's partitions as Vern would have then.</summary>
    private sealed class FixedTime(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }
}

internal sealed record StatisticsResult(
    BenchProvider Provider, long Events, int TodayEvents, TimeSpan Insert, TimeSpan Indexes,
    int BacklogDays, TimeSpan Backlog, TimeSpan LastDay, long DayRows,
    IReadOnlyList<(string Range, Percentiles Views)> Views, double? LoadBefore, double? LoadAfter, long PeakWorkingSet);
