using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Features.Model;

/// <summary>ISO 8601 periods of the model's retention rules (P5Y, P6M, P30D, PT12H), applied to instants.</summary>
internal static partial class IsoPeriods
{
    public static bool TryAdd(DateTime from, string period, out DateTime result) => TryShift(from, period, 1, out result);

    public static bool TrySubtract(DateTime from, string period, out DateTime result) => TryShift(from, period, -1, out result);

    private static bool TryShift(DateTime from, string period, int sign, out DateTime result)
    {
        result = from;
        var match = Period().Match(period);
        if (!match.Success || period is "P" or "PT")
            return false;
        int Part(int group) => match.Groups[group].Success ? sign * int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        result = from.AddYears(Part(1)).AddMonths(Part(2)).AddDays(7 * Part(3) + Part(4))
            .AddHours(Part(5)).AddMinutes(Part(6)).AddSeconds(Part(7));
        return true;
    }

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")]
    private static partial Regex Period();
}
