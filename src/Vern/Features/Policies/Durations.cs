using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Features.Policies;

/// <summary>
/// ISO 8601 durations (P13M, P5Y, P30D, PT30M) in words, because people read "13 months", not "P13M".
/// </summary>
internal static partial class Durations
{
    private static readonly (string One, string Many)[] En =
        [("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days"), ("hour", "hours"), ("minute", "minutes"), ("second", "seconds")];

    private static readonly (string One, string Many)[] Nb =
        [("år", "år"), ("måned", "måneder"), ("uke", "uker"), ("dag", "dager"), ("time", "timer"), ("minutt", "minutter"), ("sekund", "sekunder")];

    /// <summary>"6 months" or "6 måneder"; a value that is not a duration comes back unchanged.</summary>
    public static string ToWords(string duration, string language)
    {
        var match = Iso().Match(duration.Trim());
        if (!match.Success || duration.Trim() is "P" or "PT")
            return duration;
        var units = language == "nb" ? Nb : En;
        var parts = new List<string>();
        for (var i = 0; i < units.Length; i++)
        {
            if (!match.Groups[i + 1].Success)
                continue;
            var n = int.Parse(match.Groups[i + 1].Value, CultureInfo.InvariantCulture);
            parts.Add($"{n.ToString(CultureInfo.InvariantCulture)} {(n == 1 ? units[i].One : units[i].Many)}");
        }
        if (parts.Count == 0)
            return duration;
        var and = language == "nb" ? " og " : " and ";
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + and + parts[^1];
    }

    /// <summary>A cookie's lifetime: "session" (until the browser closes) or a duration.</summary>
    public static string Lifetime(string lifetime, string language) =>
        string.Equals(lifetime, "session", StringComparison.OrdinalIgnoreCase)
            ? language == "nb" ? "økt" : "session"
            : ToWords(lifetime, language);

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")]
    private static partial Regex Iso();
}
