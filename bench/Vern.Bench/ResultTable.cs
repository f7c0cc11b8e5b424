using System.Globalization;

namespace Vern.Bench;

/// <summary>Prints the results as Markdown tables, so they can go into bench/README.md as they are.</summary>
internal static class ResultTable
{
    public static void Print(TextWriter output, IReadOnlyList<VaultResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("Seeding (SubjectVault.AddAsync + AppDb.SaveChangesAsync)");
        output.WriteLine();
        output.WriteLine("| Provider | Subjects | Batch | Total | Subjects/s | Adding (key store + sealing) | Saving (main database) |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(c,
                $"| {r.Provider} | {r.Subjects:N0} | {r.BatchSize:N0} | {r.SeedingTime.TotalSeconds:F1} s | {r.SubjectsPerSecond:N0} | {r.AddTime.TotalSeconds:F1} s | {r.SaveTime.TotalSeconds:F1} s |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Lookups by e-mail, in ms (ceiling: find + reveal p95 <= {VaultResult.P95CeilingMs:F1} ms)"));
        output.WriteLine();
        output.WriteLine("| Provider | Lookup | n | p50 | p95 | p99 | max | p95 within ceiling |");
        output.WriteLine("|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var r in results)
        {
            output.WriteLine(Row(c, r.Provider, "find + reveal", r.FindAndReveal, r.MeetsCeiling ? "yes" : "NO"));
            output.WriteLine(Row(c, r.Provider, "find only", r.Find, "(not the target)"));
        }

        output.WriteLine();
        foreach (var r in results)
            output.WriteLine(string.Create(c, $"{r.Provider}: one-minute load average {Load(r.LoadBefore)} before the lookups, {Load(r.LoadAfter)} after ({Environment.ProcessorCount} logical processors)."));
    }

    private static string Load(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "unknown";

    private static string Row(CultureInfo c, BenchProvider provider, string lookup, Percentiles p, string verdict) =>
        string.Create(c, $"| {provider} | {lookup} | {p.Count:N0} | {p.P50:F3} | {p.P95:F3} | {p.P99:F3} | {p.Max:F3} | {verdict} |");
}

/// <summary>The <c>rights</c> benchmark's results, as Markdown.</summary>
internal static class RightsTable
{
    public static void Print(TextWriter output, IReadOnlyList<RightsResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("Seeding");
        output.WriteLine();
        output.WriteLine("| Provider | Subjects (+ submission, identifiers, audit) | Time | Consent records | Time |");
        output.WriteLine("|---|--:|--:|--:|--:|");
        foreach (var r in results)
            output.WriteLine(string.Create(c, $"| {r.Provider} | {r.Subjects:N0} | {r.SubjectSeeding.TotalSeconds:F1} s | {r.ConsentRecords:N0} | {r.ConsentSeeding.TotalSeconds:F1} s |"));

        output.WriteLine();
        output.WriteLine(string.Create(c, $"RightsFulfilment.ProcessAsync, in ms (ceiling: p95 <= {RightsResult.P95CeilingMs:F0} ms)"));
        output.WriteLine();
        output.WriteLine("| Provider | Request | n | p50 | p95 | p99 | max | p95 / ceiling |");
        output.WriteLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            output.WriteLine(Row(c, r.Provider, "access", r.Access));
            output.WriteLine(Row(c, r.Provider, "erasure", r.Erasure));
        }

        output.WriteLine();
        foreach (var r in results)
            output.WriteLine(string.Create(c,
                $"{r.Provider}: {r.ConsentRowsPerPackage:F1} consent records and {r.PackageBytes / 1024:F1} KiB (sealed ZIP) per access package on average; one-minute load average {Load(r.LoadBefore)} before, {Load(r.LoadAfter)} after ({Environment.ProcessorCount} logical processors)."));
        foreach (var r in results)
            output.WriteLine(string.Create(c,
                $"{r.Provider}: EF commands (commits) in the main database per request: access {r.AccessCommands.Commands:F1} ({r.AccessCommands.Commits:F1}), erasure {r.ErasureCommands.Commands:F1} ({r.ErasureCommands.Commits:F1})."));
        foreach (var r in results.Where(r => r.SequentialScans is not null))
            output.WriteLine(r.SequentialScans!.Count == 0
                ? $"{r.Provider}: no sequential scan of any table of the main database during the measured requests."
                : $"{r.Provider}: sequential scans during the measured requests (pg_stat_user_tables): {string.Join("; ", r.SequentialScans)}.");
    }

    private static string Load(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "unknown";

    private static string Row(CultureInfo c, BenchProvider provider, string request, Percentiles p) =>
        string.Create(c, $"| {provider} | {request} | {p.Count:N0} | {p.P50:F1} | {p.P95:F1} | {p.P99:F1} | {p.Max:F1} | {p.P95 / RightsResult.P95CeilingMs:P0}{(p.P95 <= RightsResult.P95CeilingMs ? "" : " (**over**)")} |");
}

/// <summary>The <c>statistics</c> benchmark's results, as Markdown.</summary>
internal static class StatisticsTable
{
    public static void Print(TextWriter output, IReadOnlyList<StatisticsResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("Seeding and roll-up (AnalyticsRollups.RunAsync)");
        output.WriteLine();
        output.WriteLine("| Provider | Events (today) | Insert | Indexes | Roll-up of the backlog | per day | Roll-up of one day | AnalyticsDays rows |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
            output.WriteLine(string.Create(c,
                $"| {r.Provider} | {r.Events:N0} ({r.TodayEvents:N0}) | {r.Insert.TotalSeconds:F1} s | {r.Indexes.TotalSeconds:F1} s | {r.BacklogDays} days, {r.Backlog.TotalSeconds:F1} s | {r.Backlog.TotalMilliseconds / Math.Max(1, r.BacklogDays):F0} ms | {r.LastDay.TotalMilliseconds:F0} ms | {r.DayRows:N0} |"));

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Dashboard views (AnalyticsFigures.WithPreviousAsync: the range, and the totals of the period before it), in ms (ceiling: p95 <= {StatisticsBenchmark.P95CeilingMs:F0} ms)"));
        output.WriteLine();
        output.WriteLine("| Provider | Range | n | p50 | p95 | p99 | max | p95 within ceiling |");
        output.WriteLine("|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var r in results)
            foreach (var (range, p) in r.Views)
                output.WriteLine(string.Create(c,
                    $"| {r.Provider} | {range} | {p.Count:N0} | {p.P50:F1} | {p.P95:F1} | {p.P99:F1} | {p.Max:F1} | {(p.P95 <= StatisticsBenchmark.P95CeilingMs ? "yes" : "**NO**")} |"));

        output.WriteLine();
        foreach (var r in results)
            output.WriteLine(string.Create(c,
                $"{r.Provider}: one-minute load average {Load(r.LoadBefore)} before the views, {Load(r.LoadAfter)} after ({Environment.ProcessorCount} logical processors); peak working set of the benchmark process {r.PeakWorkingSet / 1048576.0:N0} MB."));
    }

    private static string Load(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "unknown";
}
