using System.Globalization;

namespace Vern.Bench;

/// <summary>
/// The one-minute load average, printed next to the figures: the benchmark machine is shared,
/// and a PostgreSQL lookup (three round trips to another process) suffers most when it is busy.
/// </summary>
internal static class MachineLoad
{
    private const string LoadAverageFile = "/proc/loadavg";

    /// <summary>The one-minute load average, or null where the system does not publish it.</summary>
    public static double? OneMinute()
    {
        if (!File.Exists(LoadAverageFile))
            return null;
        var first = File.ReadAllText(LoadAverageFile).Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }
}
