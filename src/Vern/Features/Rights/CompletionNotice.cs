using System.Net;
using System.Text;
using Vern.Features.Model;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// The message that closes a request: what was done, what was kept and why, and where to complain
/// if the person disagrees (Art. 12(4)). Written in the language of the request.
/// </summary>
internal static class CompletionNotice
{
    public static string Summary(IReadOnlyList<Outcome> outcomes)
    {
        var text = string.Join('\n', outcomes.Select(o => $"{o.Source}: {o.Status.ToWire()}" + (o.KeptUntil is { } until ? $" until {until:yyyy-MM-dd}" : "")));
        return text.Length > 4000 ? text[..4000] : text;
    }

    public static OutgoingEmail Email(string to, RightsRequest request, IReadOnlyList<Outcome> outcomes, PrivacyModel model)
    {
        // A system that cannot apply a restriction itself is left to staff: still open, in its own words.
        var done = outcomes.Where(o => o.Status is not (SourceStatus.Kept or SourceStatus.Failed or SourceStatus.Unsupported)).ToList();
        var kept = outcomes.Where(o => o.Status == SourceStatus.Kept).ToList();
        var failed = outcomes.Where(o => o.Status is SourceStatus.Failed or SourceStatus.Unsupported).ToList();
        var (t, lang) = (Text<CompletionTexts>.In(request.Language), request.Language);
        var right = RequestWords.Right(request.Type, lang);

        var text = new StringBuilder();
        text.AppendLine(RequestWords.Format(t.Intro, right, request.Id)).AppendLine();
        Section(text, t.Done, done, t, lang);
        Section(text, t.Kept, kept, t, lang);
        Section(text, t.Open, failed, t, lang);
        text.AppendLine(RequestWords.Format(t.Complaint, model.Authority.Name, model.Authority.ComplaintUrl));

        var html = new StringBuilder();
        html.Append("<p>").Append(RequestWords.Format(t.Intro, Enc(right), request.Id)).Append("</p>");
        HtmlSection(html, t.Done, done, t, lang);
        HtmlSection(html, t.Kept, kept, t, lang);
        HtmlSection(html, t.Open, failed, t, lang);
        html.Append("<p>").Append(RequestWords.Format(t.ComplaintHtml, Enc(model.Authority.Name), Enc(model.Authority.ComplaintUrl))).Append("</p>");
        return new OutgoingEmail(to, t.Subject, text.ToString(), html.ToString());
    }

    private static void Section(StringBuilder text, string heading, List<Outcome> outcomes, CompletionTexts t, string lang)
    {
        if (outcomes.Count == 0)
            return;
        text.AppendLine(heading + ":");
        foreach (var o in outcomes)
            text.Append("- ").Append(o.Detail).AppendLine(Until(o, t, lang));
        text.AppendLine();
    }

    private static void HtmlSection(StringBuilder html, string heading, List<Outcome> outcomes, CompletionTexts t, string lang)
    {
        if (outcomes.Count == 0)
            return;
        html.Append("<h2>").Append(Enc(heading)).Append("</h2><ul>");
        foreach (var o in outcomes)
            html.Append("<li>").Append(Linked(Enc(o.Detail + Until(o, t, lang)), o.Link)).Append("</li>");
        html.Append("</ul>");
    }

    private static string Until(Outcome o, CompletionTexts t, string lang) =>
        o.KeptUntil is { } until ? RequestWords.Format(t.Until, RequestWords.Date(until, lang)) : "";

    private static string Linked(string encoded, Uri? link) =>
        link is null ? encoded : encoded.Replace(Enc(link.ToString()), $"<a href=\"{Enc(link.ToString())}\">{Enc(link.ToString())}</a>", StringComparison.Ordinal);

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
