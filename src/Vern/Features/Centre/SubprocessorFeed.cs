using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Centre;

/// <summary>
/// <c>/privacy/subprocessors.atom</c>: an Atom 1.0 feed with one entry per change to the
/// sub-processor list, so customers can subscribe instead of checking the page.
/// </summary>
internal static class SubprocessorFeed
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static async Task<IResult> Handle(HttpContext context, AppDb db, ModelStore store, PublicUrl site, CancellationToken ct)
    {
        var lang = CentreLanguage.Resolve(context.Request);
        var versions = await store.HistoryAsync(db, ct);
        var changes = SubprocessorChanges.From(versions);

        var page = site.Link("/privacy/subprocessors").ToString();
        var self = site.Link("/privacy/subprocessors.atom" + context.Request.QueryString).ToString();
        var document = Build(store.Current, changes, lang, page, self);
        context.Response.Headers.Vary = "Accept-Language";
        return Results.Text(Serialise(document), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    internal static XDocument Build(CurrentModel current, IReadOnlyList<SubprocessorChange> changes, string lang, string pageUrl, string selfUrl)
    {
        var t = Text<CentreText>.In(lang);
        var controller = current.Model.Controller.Name;
        var updated = changes.Count > 0 ? changes.Max(c => c.At) : DateTime.SpecifyKind(current.Since, DateTimeKind.Utc);
        var feed = new XElement(Atom + "feed",
            new XAttribute(XNamespace.Xml + "lang", lang),
            new XElement(Atom + "id", pageUrl),
            new XElement(Atom + "title", string.Format(CultureInfo.InvariantCulture, t.FeedTitle, controller)),
            new XElement(Atom + "subtitle", t.SubprocessorsIntro),
            new XElement(Atom + "updated", Timestamp(updated)),
            new XElement(Atom + "author", new XElement(Atom + "name", controller)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", selfUrl)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", $"{pageUrl}?lang={lang}")));
        foreach (var change in changes)
            feed.Add(Entry(change, lang, pageUrl));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    private static XElement Entry(SubprocessorChange change, string lang, string pageUrl)
    {
        var t = Text<CentreText>.In(lang);
        var r = change.Recipient;
        var kind = change.Kind switch
        {
            SubprocessorChangeKind.Listed => t.Listed,
            SubprocessorChangeKind.Added => t.Added,
            SubprocessorChangeKind.Removed => t.Removed,
            _ => t.Changed,
        };
        var kindId = change.Kind.ToString().ToLowerInvariant();
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", $"{pageUrl}#v{change.Version.ToString(CultureInfo.InvariantCulture)}-{kindId}-{r.Id}"),
            new XElement(Atom + "title", $"{kind}: {r.Name}"),
            new XElement(Atom + "updated", Timestamp(change.At)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", $"{pageUrl}?lang={lang}#subprocessor-{r.Id}")),
            new XElement(Atom + "category", new XAttribute("term", kindId)),
            new XElement(Atom + "content", new XAttribute("type", "text"), Describe(change, lang)));
    }

    private static string Describe(SubprocessorChange change, string lang)
    {
        var t = Text<CentreText>.In(lang);
        var w = Text<SectionWords>.In(lang);
        var r = change.Recipient;
        var text = $"{r.Name}, {r.Address} ({CountryNames.Name(r.Country, lang)}). {w.RoleName(r.Role)}: {r.Service[lang]} {t.Safeguard}: {w.SafeguardOf(r.Transfer)}.";
        if (change.Before is { } before)
            text += $" {t.Before}: {CountryNames.Name(before.Country, lang)}, {w.SafeguardOf(before.Transfer)}; {t.Now}: {CountryNames.Name(r.Country, lang)}, {w.SafeguardOf(r.Transfer)}.";
        return text;
    }

    private static string Timestamp(DateTime at) => XmlConvert.ToString(DateTime.SpecifyKind(at, DateTimeKind.Utc), XmlDateTimeSerializationMode.Utc);

    private static string Serialise(XDocument document)
    {
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(sb), new XmlWriterSettings { Indent = true }))
            document.Save(writer);
        return sb.ToString();
    }

    /// <summary>Makes the XML declaration say utf-8, which is what the response is encoded in.</summary>
    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
