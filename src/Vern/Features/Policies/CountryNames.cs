using System.Globalization;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>Country codes as names: those of <see cref="CountryWords"/> in the language, else ICU's English name, else the code.</summary>
internal static class CountryNames
{
    public static string Name(string code, string language)
    {
        if (Text<CountryWords>.In(language).Names.TryGetValue(code.ToUpperInvariant(), out var name))
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
