using System.Text;

namespace Vern.Features.Policies;

/// <summary>
/// Writes HTML fragments from model values. Only the five characters that can change the meaning
/// of markup are escaped, so Norwegian letters stay readable in the page source.
/// </summary>
internal static class Html
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>A link only when the address is http(s) or mailto; anything else is shown as text.</summary>
    public static string Link(string href, string text) =>
        href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith('/')
            ? $"<a href=\"{Encode(href)}\">{Encode(text)}</a>"
            : Encode(text);
}
