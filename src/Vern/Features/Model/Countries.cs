namespace Vern.Features.Model;

/// <summary>Where GDPR applies directly: the EU member states and the other EEA states.</summary>
internal static class Countries
{
    private static readonly HashSet<string> Eea =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ];

    public static bool IsEea(string country) => Eea.Contains(country.ToUpperInvariant());

    /// <summary>A two-letter ISO 3166-1 code as the definition and the console write it: upper case.</summary>
    public static bool IsCode(string text) => text.Length == 2 && text.All(char.IsAsciiLetterUpper);
}
