using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Features.Model;

/// <summary>
/// ISO 8601 durations (P5Y, P6M, P30D, PT12H, P1Y6M): how the model writes retention periods and cookie
/// lifetimes and how settings such as <c>Rights:UnverifiedExpiry</c> are written. The one reading of them,
/// so a value the model validator accepts is one that retention can apply and the policy can put in words.
/// </summary>
internal static partial class IsoPeriods
{
    /// <summary>The units a duration names, in the order it must name them.</summary>
    public enum Unit { Year, Month, Week, Day, Hour, Minute, Second }

    private static readonly Unit[] Units = Enum.GetValues<Unit>();

    /// <summary>
    /// The amounts <paramref name="text"/> names, in order, leaving out the units it does not name; false
    /// for anything that is not a duration (including <c>P</c>, <c>PT</c> and a <c>T</c> with no time after it).
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<(Unit Unit, int Amount)> parts)
    {
        parts = [];
        var match = Period().Match(text);
        if (!match.Success)
            return false;
        var found = new List<(Unit, int)>();
        foreach (var unit in Units)
        {
            var group = match.Groups[(int)unit + 1];
            if (!group.Success)
                continue;
            if (!int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
                return false;
            found.Add((unit, amount));
        }
        parts = found;
        return true;
    }

    public static bool IsValid(string text) => TryParse(text, out _);

    public static bool TryAdd(DateTime from, string period, out DateTime result) => TryShift(from, period, 1, out result);

    public static bool TrySubtract(DateTime from, string period, out DateTime result) => TryShift(from, period, -1, out result);

    /// <summary>
    /// The duration as a fixed span, for settings that need one: years count 365 days and months 30, as
    /// XML Schema reads them.
    /// </summary>
    public static bool TryToTimeSpan(string text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        if (!TryParse(text, out var parts))
            return false;
        try
        {
            foreach (var (unit, amount) in parts)
                span += unit switch
                {
                    Unit.Year => TimeSpan.FromDays(365.0 * amount),
                    Unit.Month => TimeSpan.FromDays(30.0 * amount),
                    _ => Fixed(unit, amount),
                };
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Longer than a TimeSpan holds (about 29,000 years).
            span = TimeSpan.Zero;
            return false;
        }
    }

    private static bool TryShift(DateTime from, string period, int sign, out DateTime result)
    {
        result = from;
        if (!TryParse(period, out var parts))
            return false;
        try
        {
            foreach (var (unit, amount) in parts)
                result = unit switch
                {
                    // Calendar units: a month after 31 January is the last day of February.
                    Unit.Year => result.AddYears(sign * amount),
                    Unit.Month => result.AddMonths(sign * amount),
                    _ => result + sign * Fixed(unit, amount),
                };
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // A period reaching past year 1 or 9999 names no instant: as unusable as one that does not parse.
            result = from;
            return false;
        }
    }

    /// <summary>A unit of fixed length (weeks and shorter) times <paramref name="amount"/>.</summary>
    private static TimeSpan Fixed(Unit unit, int amount) => unit switch
    {
        Unit.Week => TimeSpan.FromDays(7.0 * amount),
        Unit.Day => TimeSpan.FromDays(amount),
        Unit.Hour => TimeSpan.FromHours(amount),
        Unit.Minute => TimeSpan.FromMinutes(amount),
        Unit.Second => TimeSpan.FromSeconds(amount),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Years and months have no fixed length."),
    };

    // [0-9], not \d, which also matches other scripts' digits. At least one amount, and a T only before a time.
    [GeneratedRegex(@"^P(?=[0-9]|T[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?\z")]
    private static partial Regex Period();
}
