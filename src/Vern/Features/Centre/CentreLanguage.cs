namespace Vern.Features.Centre;

internal static class CentreLanguage
{
    public static string Resolve(HttpRequest request) => request.Query["lang"] == "nb" ? "nb" : "en";
}
