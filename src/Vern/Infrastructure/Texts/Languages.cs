namespace Vern.Infrastructure.Texts;

/// <summary>
/// The languages Vern speaks to people in. Adding one means adding a folder of text files under
/// <c>Texts/</c> and its tag here; every text file must then exist in it with every key.
/// </summary>
internal static class Languages
{
    public const string English = "en";
    public const string Norwegian = "nb";

    /// <summary>
    /// The language used when a person's is unknown or not supported, and the one every text of a privacy
    /// definition must have.
    /// </summary>
    public const string Default = English;

    /// <summary>Every language, the default first.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Default, Norwegian];

    /// <summary>Tags people and browsers send that mean a supported language: the generic Norwegian and nynorsk get bokmål, the only Norwegian written here.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no"] = Norwegian,
        ["nn"] = Norwegian,
    };

    /// <summary>The supported language a tag such as <c>nb-NO</c>, <c>no</c> or <c>en_GB</c> means, or null.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
            return null;
        var primary = tag.Split('-', '_')[0].Trim();
        if (Aliases.TryGetValue(primary, out var alias))
            return alias;
        return Supported.FirstOrDefault(l => string.Equals(l, primary, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The language to speak: the one asked for if supported, else the default.</summary>
    public static string OrDefault(string? tag) => Match(tag) ?? Default;
}
