using System.Globalization;
using System.Text;
using Vern.Features.Policies;
using Vern.Infrastructure.Privacy;
using static Vern.Features.Policies.ContactSections;
using static Vern.Features.Policies.Html;

namespace Vern.Features.Rights.Access;

/// <summary>
/// The package's <c>index.html</c>: one self-contained page the person opens from their disk. No
/// scripts and nothing fetched from elsewhere (a local file must not call home, and it could not
/// load them anyway); every value is encoded, because the records hold what people typed.
/// The Art. 15 sections reuse the privacy policy's generated sections.
/// </summary>
internal static class AccessPackageHtml
{
    private const string Style = """
        body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0}
        main{max-width:60rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.8rem;line-height:1.2}h2{margin-top:2.5rem;border-bottom:1px solid #ccc;padding-bottom:.25rem}
        table{border-collapse:collapse;width:100%;margin:1rem 0}
        caption{text-align:left;font-weight:600;padding:.25rem 0}
        th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        td{white-space:pre-line}
        thead th{background:#eef1f4}
        dl.facts,dl.rights{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem}
        dt{font-weight:600}dd{margin:0}
        a{color:#0b57a4}
        .muted{color:#444}
        """;

    public static string Write(PackageContent p)
    {
        var (t, w, lang) = (p.Texts, p.Words, p.Language);
        var controller = p.Model.Controller.Name;
        var title = string.Format(CultureInfo.InvariantCulture, p.Portability ? t.PortabilityTitle : t.Title, controller);
        var made = Dates.Long(p.CreatedAt.UtcDateTime, lang);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)}</title>
            <style>
            {Style}</style>
            </head>
            <body>
            <main>
            <h1>{Encode(title)}</h1>
            <p>{Encode(string.Format(CultureInfo.InvariantCulture, p.Portability ? t.PortabilityIntro : t.Intro, controller, made))}</p>
            <p class="muted">{Encode(t.Files)}</p>

            """);

        sb.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(t.AboutYou)}</h2>\n<dl class=\"facts\">\n");
        Fact(sb, Encode(t.EmailAddress), Encode(p.Subject.Email ?? t.NoneKnown));
        Fact(sb, Encode(t.VisitorIds), Encode(p.Subject.VisitorIds.Count == 0 ? t.NoneKnown : string.Join(", ", p.Subject.VisitorIds)));
        sb.Append("</dl>\n");

        sb.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(t.YourData)}</h2>\n");
        if (p.Exports.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<p>{Encode(t.NothingHeld)}</p>\n");
        foreach (var export in p.Exports)
            Records(sb, p, export);

        if (!p.Portability)
        {
            Section(sb, t.WhoWeAre, ContactSections.Controller(p.Model, w));
            Section(sb, t.Purposes, ProcessingSections.Purposes(p.Model, w));
            Section(sb, t.Categories, ProcessingSections.DataCollected(p.Model, w));
            Section(sb, t.Recipients, SharingSections.Recipients(p.Model, w));
            Section(sb, t.Transfers, SharingSections.Transfers(p.Model, w));
            Section(sb, t.Retention, ProcessingSections.Retention(p.Model, w));
            Section(sb, t.Sources, Sources(p));
            Section(sb, t.Automated, $"<p>{Encode(p.AutomatedDecisionsText)}</p>\n");
            Section(sb, t.Rights, Rights(p));
            Section(sb, t.Complaint, ContactSections.Complaint(p.Model, w));
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string heading, string html) =>
        sb.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(heading)}</h2>\n{html}");

    private static void Records(StringBuilder sb, PackageContent p, SourceExport export)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{Encode(export.Title)}</h3>\n<p>{Encode(p.Words.Source)}: {Encode(export.Origin)}</p>\n");
        if (export.Rows.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>{Encode(p.Texts.NothingHeld)}</p>\n");
            return;
        }
        sb.Append(CultureInfo.InvariantCulture, $"<table>\n<caption>{Encode(export.Title)} ({export.Rows.Count.ToString(CultureInfo.InvariantCulture)} {Encode(p.Texts.Records)})</caption>\n<thead><tr>");
        foreach (var column in export.Columns)
            sb.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{Encode(column)}</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in export.Rows)
        {
            sb.Append("<tr>");
            for (var i = 0; i < export.Columns.Count; i++)
                sb.Append(CultureInfo.InvariantCulture, $"<td>{Encode(i < row.Count ? row[i] : null)}</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
    }

    private static string Sources(PackageContent p)
    {
        var (t, w) = (p.Texts, p.Words);
        if (p.Exports.Count == 0)
            return $"<p>{Encode(t.NothingHeld)}</p>\n";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table>\n<caption>{Encode(t.SourcesCaption)}</caption>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{Encode(t.SourceColumn)}</th><th scope=\"col\">{Encode(w.Source)}</th><th scope=\"col\">{Encode(t.Records)}</th></tr></thead>\n<tbody>\n");
        foreach (var e in p.Exports)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Encode(e.Title)}</th><td>{Encode(e.Origin)}</td><td>{e.Rows.Count.ToString(CultureInfo.InvariantCulture)}</td></tr>\n");
        sb.Append("</tbody>\n</table>\n");
        return sb.ToString();
    }

    /// <summary>The policy's words for each right, with an absolute link: a relative one leads nowhere from a local file.</summary>
    private static string Rights(PackageContent p)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Encode(p.Words.RightsIntro)}</p>\n<dl class=\"rights\">\n");
        foreach (var right in p.Rights)
            Fact(sb, Encode(right.Name), Encode(right.Explanation));
        sb.Append("</dl>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Link(p.RequestsLink, p.Words.RequestsLink)}</p>\n");
        return sb.ToString();
    }
}
