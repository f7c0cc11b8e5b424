using Vern.Infrastructure.Texts;

namespace Vern.Features.Centre;

/// <summary>
/// Which of <see cref="Languages.Supported"/> a privacy-centre page speaks. An explicit
/// <c>?lang=</c> wins so that the language switch works without a cookie (a cookie would itself
/// need declaring); otherwise the browser's Accept-Language decides.
/// </summary>
internal static class CentreLanguage
{
    public static string Resolve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Languages.Match(request.Query["lang"].ToString()) is { } chosen)
            return chosen;
        var accepted = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in accepted)
        {
            if (Languages.Match(language.Value.Value) is { } supported)
                return supported;
        }
        return Languages.Default;
    }
}
