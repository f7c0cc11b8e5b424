using System.Diagnostics;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Compares how long two kinds of call take, as an outsider with a stopwatch would: the calls are
/// interleaved so that whatever else the machine does falls on both alike, and medians are compared
/// so a few stalls do not decide.
/// </summary>
internal static class Timings
{
    public static async Task<double> MedianRatioAsync(int rounds, Func<int, Task> first, Func<int, Task> second)
    {
        // Warm both paths up first: the first calls pay for JIT and connection pools.
        for (var i = 0; i < 5; i++)
        {
            await first(-1 - i);
            await second(-1 - i);
        }
        var a = new List<double>(rounds);
        var b = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            // Alternate which goes first, so neither always follows the other's writes.
            if (i % 2 == 0)
            {
                a.Add(await TimeAsync(() => first(i)));
                b.Add(await TimeAsync(() => second(i)));
            }
            else
            {
                b.Add(await TimeAsync(() => second(i)));
                a.Add(await TimeAsync(() => first(i)));
            }
        }
        return Median(a) / Median(b);
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
