namespace Vern.Features.Centre;

/// <summary>
/// Which language a privacy-centre page speaks: <c>en</c> or <c>nb</c>. An explicit
/// <c>?lang=</c> wins so that the language switch works without a cookie (a cookie would itself
/// need declaring); otherwise the browser's Accept-Language decides.
/// </summary>
internal static class CentreLanguage
{
    public const string English = "en";
    public const string Norwegian = "nb";

    public static IReadOnlyList<string> Supported { get; } = [English, Norwegian];

    public static string Resolve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Normalise(request.Query["lang"].ToString()) is { } chosen)
            return chosen;
        var accepted = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in accepted)
        {
            if (Normalise(language.Value.Value) is { } supported)
                return supported;
        }
        return English;
    }

    /// <summary>Bokmål, the generic Norwegian tag and nynorsk all get bokmål, the only Norwegian written here.</summary>
    private static string? Normalise(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
            return null;
        var primary = tag.Split('-', '_')[0].Trim().ToUpperInvariant();
        return primary switch
        {
            "EN" => English,
            "NB" or "NO" or "NN" => Norwegian,
            _ => null,
        };
    }
}
