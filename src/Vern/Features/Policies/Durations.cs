using System.Globalization;
using Vern.Features.Model;

namespace Vern.Features.Policies;

/// <summary>
/// ISO 8601 durations (P13M, P5Y, P30D, PT30M) in words, because people read "13 months", not "P13M".
/// </summary>
internal static class Durations
{
    // Indexed by IsoPeriods.Unit.
    private static readonly (string One, string Many)[] En =
        [("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days"), ("hour", "hours"), ("minute", "minutes"), ("second", "seconds")];

    private static readonly (string One, string Many)[] Nb =
        [("år", "år"), ("måned", "måneder"), ("uke", "uker"), ("dag", "dager"), ("time", "timer"), ("minutt", "minutter"), ("sekund", "sekunder")];

    /// <summary>"6 months" or "6 måneder"; a value that is not a duration comes back unchanged.</summary>
    public static string ToWords(string duration, string language)
    {
        if (!IsoPeriods.TryParse(duration.Trim(), out var amounts))
            return duration;
        var units = language == "nb" ? Nb : En;
        var parts = amounts.Select(a => $"{a.Amount.ToString(CultureInfo.InvariantCulture)} {(a.Amount == 1 ? units[(int)a.Unit].One : units[(int)a.Unit].Many)}").ToList();
        var and = language == "nb" ? " og " : " and ";
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + and + parts[^1];
    }

    /// <summary>A cookie's lifetime: "session" (until the browser closes) or a duration.</summary>
    public static string Lifetime(string lifetime, string language) =>
        string.Equals(lifetime, "session", StringComparison.OrdinalIgnoreCase)
            ? language == "nb" ? "økt" : "session"
            : ToWords(lifetime, language);
}
