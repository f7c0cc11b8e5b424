using System.Globalization;
using System.Net;
using System.Text;
using Vern.Features.Model;
using Vern.Features.Rights.Sources;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

/// <summary>
/// The message that closes a request: what was done, what was kept and why, and where to complain
/// if the person disagrees (Art. 12(4)).
/// </summary>
internal static class CompletionNotice
{
    public static string Summary(IReadOnlyList<Outcome> outcomes)
    {
        var text = string.Join('\n', outcomes.Select(o => $"{o.Source}: {o.Status}" + (o.KeptUntil is { } until ? $" until {until:yyyy-MM-dd}" : "")));
        return text.Length > 4000 ? text[..4000] : text;
    }

    public static OutgoingEmail Email(string to, RightsRequest request, IReadOnlyList<Outcome> outcomes, PrivacyModel model)
    {
        var done = outcomes.Where(o => o.Status is not (ErasureOutcomes.Kept or ErasureOutcomes.Failed)).ToList();
        var kept = outcomes.Where(o => o.Status == ErasureOutcomes.Kept).ToList();
        var failed = outcomes.Where(o => o.Status == ErasureOutcomes.Failed).ToList();
        var right = request.Type.Replace('-', ' ');

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"We have completed your request to use your right of {right} (reference {request.Id}).").AppendLine();
        Section(text, "What we did", done);
        Section(text, "What we kept, and why", kept);
        Section(text, "What is still open", failed);
        text.AppendLine(CultureInfo.InvariantCulture, $"If you are not satisfied with how we handled your request, you can complain to {model.Authority.Name} ({model.Authority.ComplaintUrl}) or take the matter to court.");

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>We have completed your request to use your right of {Enc(right)} (reference {request.Id}).</p>");
        HtmlSection(html, "What we did", done);
        HtmlSection(html, "What we kept, and why", kept);
        HtmlSection(html, "What is still open", failed);
        html.Append(CultureInfo.InvariantCulture, $"<p>If you are not satisfied with how we handled your request, you can complain to <a href=\"{Enc(model.Authority.ComplaintUrl)}\">{Enc(model.Authority.Name)}</a> or take the matter to court.</p>");
        return new OutgoingEmail(to, "Your privacy request is complete", text.ToString(), html.ToString());
    }

    private static void Section(StringBuilder text, string heading, List<Outcome> outcomes)
    {
        if (outcomes.Count == 0)
            return;
        text.AppendLine(heading + ":");
        foreach (var o in outcomes)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {o.Detail}{Until(o)}");
        text.AppendLine();
    }

    private static void HtmlSection(StringBuilder html, string heading, List<Outcome> outcomes)
    {
        if (outcomes.Count == 0)
            return;
        html.Append(CultureInfo.InvariantCulture, $"<h2>{Enc(heading)}</h2><ul>");
        foreach (var o in outcomes)
            html.Append(CultureInfo.InvariantCulture, $"<li>{Enc(o.Detail + Until(o))}</li>");
        html.Append("</ul>");
    }

    private static string Until(Outcome o) => o.KeptUntil is { } until ? $" (until {until:d MMMM yyyy})" : "";

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
