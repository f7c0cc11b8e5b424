using System.Globalization;

namespace Vern.Features.Policies;

/// <summary>Country codes as names. ICU gives English names; Norwegian ones for the usual places are kept here.</summary>
internal static class CountryNames
{
    private static readonly Dictionary<string, string> Norwegian = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NO"] = "Norge",
        ["SE"] = "Sverige",
        ["DK"] = "Danmark",
        ["FI"] = "Finland",
        ["IS"] = "Island",
        ["DE"] = "Tyskland",
        ["IE"] = "Irland",
        ["NL"] = "Nederland",
        ["FR"] = "Frankrike",
        ["BE"] = "Belgia",
        ["ES"] = "Spania",
        ["IT"] = "Italia",
        ["PL"] = "Polen",
        ["AT"] = "Østerrike",
        ["EE"] = "Estland",
        ["LU"] = "Luxembourg",
        ["US"] = "USA",
        ["GB"] = "Storbritannia",
        ["CH"] = "Sveits",
        ["CA"] = "Canada",
        ["JP"] = "Japan",
        ["IN"] = "India",
        ["AU"] = "Australia",
        ["SG"] = "Singapore",
    };

    public static string Name(string code, string language)
    {
        if (language == "nb" && Norwegian.TryGetValue(code, out var name))
            return name;
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
