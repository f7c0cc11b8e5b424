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

    public static Task<OutgoingEmail> EmailAsync(string to, RightsRequest request, IReadOnlyList<Outcome> outcomes, PrivacyModel model)
    {
        // A system that cannot apply a restriction itself is left to staff: still open, in its own words.
        var done = outcomes.Where(o => o.Status is not (SourceStatus.Kept or SourceStatus.Failed or SourceStatus.Unsupported));
        var kept = outcomes.Where(o => o.Status == SourceStatus.Kept);
        var failed = outcomes.Where(o => o.Status is SourceStatus.Failed or SourceStatus.Unsupported);
        var (t, lang) = (Text<CompletionTexts>.In(request.Language), request.Language);
        return new MailBody()
            .Paragraphs(t.Intro, RequestWords.Right(request.Type, lang), request.Id)
            .List(t.Done, Items(done, t, lang))
            .List(t.Kept, Items(kept, t, lang))
            .List(t.Open, Items(failed, t, lang))
            .Paragraphs(t.Complaint, model.Authority.Name, MailLink.To(model.Authority.ComplaintUrl))
            .ToEmailAsync(to, t.Subject, lang);
    }

    private static List<MailParagraph> Items(IEnumerable<Outcome> outcomes, CompletionTexts t, string lang) =>
        [.. outcomes.Select(o => MailBody.Item(o.Detail + Until(o, t, lang), o.Link))];

    private static string Until(Outcome o, CompletionTexts t, string lang) =>
        o.KeptUntil is { } until ? RequestWords.Format(t.Until, RequestWords.Date(until, lang)) : "";
}
