using System.Globalization;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// ISO 8601 durations (P13M, P5Y, P30D, PT30M) in words, because people read "13 months", not "P13M".
/// </summary>
internal static class Durations
{
    /// <summary>"6 months" or "6 måneder"; a value that is not a duration comes back unchanged.</summary>
    public static string ToWords(string duration, string language)
    {
        if (!IsoPeriods.TryParse(duration.Trim(), out var amounts))
            return duration;
        var words = Text<DurationWords>.In(language);
        var parts = amounts.Select(a => $"{a.Amount.ToString(CultureInfo.InvariantCulture)} {(a.Amount == 1 ? words.Units[a.Unit].One : words.Units[a.Unit].Many)}").ToList();
        return parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts[..^1])} {words.And} {parts[^1]}";
    }

    /// <summary>A cookie's lifetime: "session" (until the browser closes) or a duration.</summary>
    public static string Lifetime(string lifetime, string language) =>
        string.Equals(lifetime, "session", StringComparison.OrdinalIgnoreCase)
            ? Text<DurationWords>.In(language).Session
            : ToWords(lifetime, language);
}
