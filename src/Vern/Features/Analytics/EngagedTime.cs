using System.Globalization;

namespace Vern.Features.Analytics;

/// <summary>
/// Engaged time per visit kept as counts in buckets a tenth wider each (from one second to a day), so days add up and
/// a range's median is found without any visit's own time: within 5 % of the exact median, the bucket's middle.
/// </summary>
internal static class EngagedTime
{
    private const double Growth = 1.1;

    /// <summary>Upper bounds of the buckets, in milliseconds; the first holds everything under a second.</summary>
    private static readonly long[] Bounds = MakeBounds();

    public static int Buckets => Bounds.Length + 1;

    public static int BucketOf(long ms)
    {
        var i = Array.BinarySearch(Bounds, ms);
        return i >= 0 ? i + 1 : ~i;
    }

    public static string Format(int[] counts) => string.Join(',', counts.Select(c => c.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Adds a day's buckets (as <see cref="Format"/> wrote them) to <paramref name="into"/>.</summary>
    public static void Add(int[] into, string? buckets)
    {
        if (string.IsNullOrEmpty(buckets))
            return;
        var i = 0;
        foreach (var part in buckets.Split(','))
            into[i++] += int.Parse(part, CultureInfo.InvariantCulture);
    }

    /// <summary>The median visit's engaged time, or null without visits.</summary>
    public static TimeSpan? Median(int[] counts)
    {
        var total = counts.Sum();
        if (total == 0)
            return null;
        var seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen * 2 >= total)
                return TimeSpan.FromMilliseconds(i == 0 ? Bounds[0] / 2 : i == counts.Length - 1 ? Bounds[^1] : (Bounds[i - 1] + Bounds[i]) / 2);
        }
        return null;
    }

    private static long[] MakeBounds()
    {
        var bounds = new List<long>();
        for (double b = 1000; b < TimeSpan.FromDays(1).TotalMilliseconds; b *= Growth)
            bounds.Add((long)b);
        return [.. bounds];
    }
}
