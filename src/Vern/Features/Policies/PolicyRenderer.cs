using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// Turns a policy's Markdown into safe HTML, so a policy cannot inject script. Raw HTML in the Markdown is
/// not rendered but shown as text, and Markdig escapes all text and attribute values it writes; what
/// remains are link and image addresses, which keep only http, https, mailto or relative ones. That takes
/// the place of an HTML sanitiser, whose parser alone cost a tenth of an idle Vern's memory. A line holding only
/// <c>{{vern:SECTION}}</c> is replaced by that section generated from the privacy model, so the
/// published text never drifts from what Vern enforces.
/// </summary>
internal static partial class PolicyRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    // Parsing, sanitising and generating sections cost milliseconds, and the public policy page is
    // read far more often than either the policy or the model changes. Keyed by the model instance,
    // so a new model version starts afresh; bounded, since draft previews add entries.
    private static readonly ConditionalWeakTable<PrivacyModel, ConcurrentDictionary<(string Language, string Markdown), string>> Rendered = new();
    private const int MaxCachedPerModel = 64;

    public static async Task<string> ToHtmlAsync(string markdown, PrivacyModel model, string language)
    {
        var cache = Rendered.GetOrCreateValue(model);
        if (cache.TryGetValue((language, markdown), out var html))
            return html;
        html = await RenderAsync(markdown, model, language);
        if (cache.Count >= MaxCachedPerModel)
            cache.Clear();
        return cache[(language, markdown)] = html;
    }

    private static async Task<string> RenderAsync(string markdown, PrivacyModel model, string language)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (IsSafeUrl(link.Url) && (link.Reference is null || IsSafeUrl(link.Reference.Url)))
                continue;
            // A link keeps its text and loses its address; an image from such an address is not shown at all.
            if (link.IsImage)
                link.Remove();
            else
                link.Url = "";
            if (link.Reference is { } reference)
                reference.Url = "";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url))
                autolink.Url = "";
        var html = document.ToHtml(Pipeline);
        // Rendering a section is asynchronous, so the directives are replaced from the last to the first
        // rather than by Regex.Replace, keeping the positions of those not yet replaced.
        var page = new StringBuilder(html);
        foreach (var m in Directive().Matches(html).Reverse())
        {
            var section = WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
            var replacement = GeneratedSections.Names.Contains(section)
                ? $"<div class=\"generated\" data-section=\"{section}\">{await GeneratedSections.RenderAsync(model, section, language)}</div>"
                : $"<p class=\"error\">{string.Format(CultureInfo.InvariantCulture, Text<SectionWords>.In(language).UnknownSection, WebUtility.HtmlEncode(section))}</p>";
            page.Remove(m.Index, m.Length).Insert(m.Index, replacement);
        }
        return page.ToString();
    }

    /// <summary>The sections a policy embeds, to warn about unknown ones before publishing.</summary>
    public static IReadOnlyList<string> UnknownSections(string markdown) =>
        SourceDirective().Matches(markdown).Select(m => m.Groups[1].Value.Trim()).Where(s => !GeneratedSections.Names.Contains(s)).Distinct().ToList();

    /// <summary>
    /// The one rule for which addresses Vern links: http, https and mailto, and addresses on our own site.
    /// Browsers ignore tabs, line breaks and leading spaces in a scheme ("java&#9;script:"), so those are
    /// removed before the scheme is read. A policy's Markdown may link relative addresses (an anchor, a page
    /// next to it); a model value (<paramref name="relative"/> false) is shown on pages at other depths and
    /// in files on a person's disk, so it must be absolute (http and https with a host) or start at the site's
    /// root, and must be written without spaces or control characters.
    /// </summary>
    internal static bool IsSafeUrl(string? url, bool relative = true)
    {
        if (string.IsNullOrEmpty(url))
            return relative;
        var compact = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        if (!relative && compact.Length != url.Length)
            return false;
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var boundary = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (boundary >= 0 && boundary < colon))
            return relative || compact.StartsWith('/'); // no scheme: a path, a query or an anchor on our own site
        var scheme = compact[..colon].ToLowerInvariant();
        // A model address must also name its host: "https:example.no" is resolved as a path on the current site.
        return scheme is "mailto" || (scheme is "http" or "https" && (relative || compact.AsSpan(colon + 1).StartsWith("//", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"<p>\{\{\s*vern:([a-z\-]+)\s*\}\}</p>")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^\{\{\s*vern:([a-z\-]+)\s*\}\}\s*$", RegexOptions.Multiline)]
    private static partial Regex SourceDirective();
}
