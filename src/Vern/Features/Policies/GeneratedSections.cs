using System.Net;
using Vern.Features.Model;

namespace Vern.Features.Policies;

internal static class GeneratedSections
{
    public static IReadOnlyList<string> Names { get; } = ["controller", "purposes", "data-collected", "recipients", "transfers", "cookies", "retention", "rights", "complaint"];

    public static string Render(PrivacyModel model, string section, string language) => section switch
    {
        "purposes" => "<ul>" + string.Concat(model.Purposes.Select(p => $"<li>{WebUtility.HtmlEncode(p.Name[language])}</li>")) + "</ul>",
        "cookies" => "<ul>" + string.Concat(model.Cookies.Select(c => $"<li>{WebUtility.HtmlEncode(c.Name)}</li>")) + "</ul>",
        _ when Names.Contains(section) => $"<p>{WebUtility.HtmlEncode(section)}</p>",
        _ => throw new ArgumentException($"Unknown section '{section}'.", nameof(section)),
    };
}
