using System.Globalization;

namespace Vern.Bench;

/// <summary>Prints the retention benchmark's results as Markdown tables, for bench/README.md.</summary>
internal static class RetentionTable
{
    public static void Print(TextWriter output, IReadOnlyList<RetentionResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| Provider | Subjects | Consent records | Seeding subjects | Seeding consent | Dry run | Run | Run / 5 min | Disposed |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var r in results)
            output.WriteLine(string.Create(c,
                $"| {r.Provider} | {r.Subjects:N0} | {r.ConsentRecords:N0} | {r.SubjectSeeding.TotalSeconds:F1} s | {r.ConsentSeeding.TotalSeconds:F1} s | {r.DryRun.TotalSeconds:F1} s | **{r.Run.TotalSeconds:F1} s** | {r.Run / RetentionBenchmark.RunCeiling:P0} | {string.Join("; ", r.Disposed.OrderBy(d => d.Key).Select(d => $"{d.Key.Rule} ({d.Key.Source}) {d.Value:N0}"))} |"));

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Latency under load, ms (open loop; ceiling: p99 during the run <= {RetentionBenchmark.RatioCeiling:F0} x p99 without it)"));
        output.WriteLine();
        output.WriteLine("| Provider | Endpoint | Rate | Window | Load avg | n | p50 | p99 | max | p99 ratio |");
        output.WriteLine("|---|---|--:|---|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            Rows(output, c, r, "POST /api/v1/consent/decisions", r.DecisionsWithout, r.DecisionsDuring);
            Rows(output, c, r, "POST /api/v1/submissions", r.SubmissionsWithout, r.SubmissionsDuring);
        }
        foreach (var r in results.Where(r => r.Failed > 0))
            output.WriteLine(string.Create(c, $"{r.Provider}: {r.Failed} requests were not answered 201."));

        foreach (var r in results)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"{r.Provider}: the run's EF commands by total time (count, total, slowest)"));
            output.WriteLine();
            output.WriteLine("| SQL | n | total | max |");
            output.WriteLine("|---|--:|--:|--:|");
            foreach (var (sql, count, total, max) in r.Commands)
                output.WriteLine(string.Create(c, $"| `{(sql.Length > 160 ? sql[..160] + "…" : sql).Replace("|", "\\|", StringComparison.Ordinal)}` | {count:N0} | {total.TotalSeconds:F2} s | {max.TotalMilliseconds:F0} ms |"));
        }
    }

    private static void Rows(TextWriter output, CultureInfo c, RetentionResult r, string endpoint, Percentiles without, Percentiles? during)
    {
        output.WriteLine(string.Create(c, $"| {r.Provider} | `{endpoint}` | {r.Rate}/s | without the run | {Load(r.LoadWithout)} | {without.Count:N0} | {without.P50:F1} | {without.P99:F1} | {without.Max:F1} | |"));
        var ratio = during is null ? "n/a" : (during.P99 / without.P99).ToString("F2", c) + (during.P99 / without.P99 <= RetentionBenchmark.RatioCeiling ? "" : ", over 2");
        output.WriteLine(during is null
            ? string.Create(c, $"| {r.Provider} | `{endpoint}` | {r.Rate}/s | during the run | {Load(r.LoadDuring)} | 0 | | | | n/a |")
            : string.Create(c, $"| {r.Provider} | `{endpoint}` | {r.Rate}/s | during the run | {Load(r.LoadDuring)} | {during.Count:N0} | {during.P50:F1} | {during.P99:F1} | {during.Max:F1} | **{ratio}** |"));
    }

    private static string Load(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "?";
}
