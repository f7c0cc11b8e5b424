using System.Diagnostics;

namespace Vern.Bench;

/// <summary>Latency percentiles of one measured operation, in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    /// <summary>Summarises elapsed <see cref="Stopwatch"/> ticks.</summary>
    public static Percentiles FromTicks(IReadOnlyCollection<long> ticks)
    {
        if (ticks.Count == 0)
            throw new ArgumentException("There are no samples to summarise.", nameof(ticks));
        var sorted = ticks.Order().Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        return new Percentiles(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 95), NearestRank(sorted, 99), sorted[^1]);
    }

    // Nearest rank, not interpolation: every figure reported is a latency that was actually observed.
    private static double NearestRank(double[] sorted, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
