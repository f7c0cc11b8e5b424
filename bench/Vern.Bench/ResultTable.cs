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
