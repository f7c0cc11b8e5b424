using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Vern.Features.Model;

namespace Vern.Features.Policies;

/// <summary>
/// Turns a policy's Markdown into safe HTML. Raw HTML in the Markdown is not rendered and the
/// result is sanitised again, so a policy cannot inject script. A line holding only
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

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // Parsing, sanitising and generating sections cost milliseconds, and the public policy page is
    // read far more often than either the policy or the model changes. Keyed by the model instance,
    // so a new model version starts afresh; bounded, since draft previews add entries.
    private static readonly ConditionalWeakTable<PrivacyModel, ConcurrentDictionary<(string Language, string Markdown), string>> Rendered = new();
    private const int MaxCachedPerModel = 64;

    public static string ToHtml(string markdown, PrivacyModel model, string language)
    {
        var cache = Rendered.GetOrCreateValue(model);
        if (cache.TryGetValue((language, markdown), out var html))
            return html;
        if (cache.Count >= MaxCachedPerModel)
            cache.Clear();
        return cache[(language, markdown)] = Render(markdown, model, language);
    }

    private static string Render(string markdown, PrivacyModel model, string language)
    {
        var html = Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        return Directive().Replace(html, m =>
        {
            var section = WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
            return GeneratedSections.Names.Contains(section)
                ? $"<div class=\"generated\" data-section=\"{section}\">{GeneratedSections.Render(model, section, language)}</div>"
                : $"<p class=\"error\">Unknown generated section '{WebUtility.HtmlEncode(section)}'.</p>";
        });
    }

    /// <summary>The sections a policy embeds, to warn about unknown ones before publishing.</summary>
    public static IReadOnlyList<string> UnknownSections(string markdown) =>
        SourceDirective().Matches(markdown).Select(m => m.Groups[1].Value.Trim()).Where(s => !GeneratedSections.Names.Contains(s)).Distinct().ToList();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["https", "http", "mailto"]);
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }

    [GeneratedRegex(@"<p>\{\{\s*vern:([a-z\-]+)\s*\}\}</p>")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^\{\{\s*vern:([a-z\-]+)\s*\}\}\s*$", RegexOptions.Multiline)]
    private static partial Regex SourceDirective();
}
