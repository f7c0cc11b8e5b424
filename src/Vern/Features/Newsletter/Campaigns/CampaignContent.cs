using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Vern.Features.Policies;
using Vern.Infrastructure.Email;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>
/// A campaign's Markdown as an e-mail shows it. Markdown only: HTML in it, links other than https, http and mailto,
/// and images from hosts not listed in <c>Newsletter:ImageHosts</c> are refused when the campaign is saved, naming the
/// field, rather than quietly dropped. What is rendered has no markup of its own, no script and no tracking; links
/// are left as written. The plain-text part is the Markdown itself, which reads as plain text and keeps every address.
/// </summary>
internal sealed class CampaignContent(IConfiguration configuration)
{
    public const int MaxMarkdown = 100_000;

    // Nothing but Markdown: HTML in the text would be shown as text, and is refused before that (Problems).
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    // Parsed with HTML on, only to find it.
    private static readonly MarkdownPipeline Finding = new MarkdownPipelineBuilder().UseAutoLinks().Build();

    /// <summary>The hosts images may come from (https only); none by default, so a campaign makes no remote fetch.</summary>
    public IReadOnlyList<string> ImageHosts { get; } =
        (configuration["Newsletter:ImageHosts"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What is wrong with <paramref name="markdown"/> as a campaign's body, one sentence each.</summary>
    public IReadOnlyList<string> Problems(string markdown)
    {
        var problems = new List<string>();
        if (markdown.Length > MaxMarkdown)
            return [$"The text is longer than {MaxMarkdown:N0} characters."];
        var document = Markdown.Parse(markdown, Finding);
        if (document.Descendants<HtmlBlock>().Any() || document.Descendants<HtmlInline>().Any())
            problems.Add("HTML is not allowed: write the text in Markdown.");
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            if (link.IsImage && !IsAllowedImage(url))
                problems.Add(ImageHosts.Count == 0
                    ? $"Images are not allowed ({url}): no image host is configured (Newsletter:ImageHosts), so that opening the e-mail fetches nothing."
                    : $"The image {url} is not on an allowed host: use https and one of {string.Join(", ", ImageHosts)}.");
            else if (!link.IsImage && !IsAllowedLink(url))
                problems.Add($"The link {url} is not allowed: use an https, http or mailto address.");
        }
        return problems;
    }

    /// <summary>The body of an e-mail: the HTML of the Markdown, and the Markdown as the plain text.</summary>
    public static MailContent Render(string markdown) => new(Markdown.ToHtml(markdown, Pipeline), markdown);

    private bool IsAllowedImage(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
        && ImageHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);

    private static bool IsAllowedLink(string? url) =>
        PolicyRenderer.IsSafeUrl(url, relative: false)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto);
}
