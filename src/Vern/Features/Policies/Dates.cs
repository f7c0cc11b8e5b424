using System.Globalization;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>Dates as people write them, in the pattern and culture of <see cref="DateWords"/>: "1 February 2025", "1. februar 2025".</summary>
internal static class Dates
{
    public static string Long(DateOnly date, string language)
    {
        var words = Text<DateWords>.In(language);
        return date.ToString(words.Format, CultureInfo.GetCultureInfo(words.Culture));
    }

    public static string Long(DateTime date, string language) => Long(DateOnly.FromDateTime(date), language);
}
