using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vern.Infrastructure.Formats;

namespace Vern.Infrastructure.Email;

/// <summary>
/// An address a message links to: plain text shows the address (without <c>mailto:</c>), the HTML part a link
/// reading <paramref name="Label"/>.
/// </summary>
internal sealed record MailLink(string Href, string Label)
{
    public string Address => Href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? Href["mailto:".Length..] : Href;

    public static MailLink To(string address) => new(address, address);

    public static MailLink To(Uri address) => To(address.ToString());

    public static MailLink ToMailbox(string email) => new("mailto:" + email, email);
}

/// <summary>A stretch of a paragraph as plain text shows it, and the link it is in the HTML part, if any. Line breaks are kept.</summary>
internal sealed record MailRun(string Text, MailLink? Link = null);

/// <summary>A paragraph of a message, or an item of one of its lists.</summary>
internal sealed record MailParagraph(IReadOnlyList<MailRun> Runs);

/// <summary>A headed list, such as "What we did" and its items.</summary>
internal sealed record MailList(string Heading, IReadOnlyList<MailParagraph> Items);

/// <summary>
/// Content written by staff (a newsletter campaign), rendered from Markdown by a renderer that allows no markup of its
/// own, scripts or remote content: its HTML and its plain-text form.
/// </summary>
internal sealed record MailContent(string Html, string Text);

/// <summary>
/// A message written once and sent twice: as plain text and, rendered by <see cref="MailPage"/>, as HTML.
/// The wording is a text record's composite format string; a blank line in it starts a new paragraph.
/// Values are never markup: a person's name or a staff member's reason is shown as written.
/// </summary>
internal sealed partial class MailBody
{
    private readonly List<object> blocks = [];

    /// <summary>The paragraphs and lists in order: each a <see cref="MailParagraph"/>, a <see cref="MailList"/> or a <see cref="MailContent"/>.</summary>
    public IReadOnlyList<object> Blocks => blocks;

    /// <summary>
    /// Adds the paragraphs of <paramref name="format"/> with its values filled in; a <see cref="MailLink"/>
    /// value becomes a link.
    /// </summary>
    public MailBody Paragraphs(string format, params object?[] values)
    {
        foreach (var paragraph in format.Split("\n\n"))
            blocks.Add(Fill(paragraph, values));
        return this;
    }

    /// <summary>Adds a headed list; nothing when there are no items.</summary>
    public MailBody List(string heading, IReadOnlyList<MailParagraph> items)
    {
        if (items.Count > 0)
            blocks.Add(new MailList(heading, items));
        return this;
    }

    /// <summary>Adds content written by staff, already made safe (<see cref="MailContent"/>).</summary>
    public MailBody Content(MailContent content)
    {
        blocks.Add(content);
        return this;
    }

    /// <summary>A list item that links the first place <paramref name="link"/> appears in <paramref name="text"/>.</summary>
    public static MailParagraph Item(string text, Uri? link)
    {
        var at = link is null ? -1 : text.IndexOf(link.ToString(), StringComparison.Ordinal);
        if (at < 0)
            return new([new MailRun(text)]);
        var address = MailLink.To(link!);
        return new([new MailRun(text[..at]), new MailRun(address.Address, address), new MailRun(text[(at + address.Href.Length)..])]);
    }

    /// <summary>The plain-text part: paragraphs apart by a blank line, list items as "- item".</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            if (text.Length > 0)
                text.Append("\n\n");
            if (block is MailList list)
                text.Append(list.Heading).Append(':').AppendJoin("", list.Items.Select(i => "\n- " + Plain(i)));
            else if (block is MailContent content)
                text.Append(content.Text.Trim());
            else
                text.Append(Plain((MailParagraph)block));
        }
        return text.ToString();
    }

    /// <summary>The e-mail in both forms; the HTML part declares <paramref name="language"/> for screen readers.</summary>
    public async Task<OutgoingEmail> ToEmailAsync(string to, string subject, string language, IReadOnlyList<(string Name, string Value)>? headers = null) =>
        new(to, subject, ToText(), await HtmlPages.RenderAsync<MailPage>(new Dictionary<string, object?>
        {
            [nameof(MailBody)] = this,
            [nameof(language)] = language,
        }), headers);

    private static string Plain(MailParagraph paragraph) => string.Concat(paragraph.Runs.Select(r => r.Text));

    // Each link value is written as a private-use marker holding its position, then the formatted text is cut at
    // the markers. Markers in other values are removed first, so what a person typed cannot become a link.
    private static MailParagraph Fill(string format, object?[] values)
    {
        var marked = values.Select((v, i) => v is MailLink ? $"{Open}{i}{Close}" : (object?)Unmarked(v)).ToArray();
        var filled = string.Format(CultureInfo.InvariantCulture, format, marked);
        var runs = new List<MailRun>();
        var last = 0;
        foreach (Match m in Marker().Matches(filled))
        {
            runs.Add(new MailRun(filled[last..m.Index]));
            var link = (MailLink)values[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]!;
            runs.Add(new MailRun(link.Address, link));
            last = m.Index + m.Length;
        }
        runs.Add(new MailRun(filled[last..]));
        return new([.. runs.Where(r => r.Text.Length > 0)]);
    }

    private static string? Unmarked(object? value) =>
        value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace(Open, "", StringComparison.Ordinal).Replace(Close, "", StringComparison.Ordinal);

    private const string Open = "\uE000";
    private const string Close = "\uE001";

    [GeneratedRegex("\uE000([0-9]+)\uE001")]
    private static partial Regex Marker();
}
