using System.Globalization;

namespace Vern.Features.Policies;

/// <summary>Dates as people write them: "1 February 2025", "1. februar 2025".</summary>
internal static class Dates
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static string Long(DateOnly date, string language) =>
        language == "nb" ? date.ToString("d. MMMM yyyy", Norwegian) : date.ToString("d MMMM yyyy", English);

    public static string Long(DateTime date, string language) => Long(DateOnly.FromDateTime(date), language);
}
