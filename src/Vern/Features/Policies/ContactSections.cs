using System.Globalization;
using System.Text;
using Vern.Features.Model;
using static Vern.Features.Policies.Html;

namespace Vern.Features.Policies;

/// <summary>Who is responsible, which rights people have, and where to complain.</summary>
internal static class ContactSections
{
    public static string Controller(PrivacyModel model, SectionWords w)
    {
        var c = model.Controller;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p><strong>{Encode(c.Name)}</strong> ({w.OrganisationNumber} {Encode(c.OrganisationNumber)}) {w.ControllerIntro}</p>\n");
        sb.Append("<dl class=\"facts\">\n");
        Fact(sb, w.Address, Encode(c.Address));
        Fact(sb, w.Email, Link("mailto:" + c.Email, c.Email));
        if (!string.IsNullOrWhiteSpace(c.Phone))
            Fact(sb, w.Phone, Link("tel:" + c.Phone.Replace(" ", "", StringComparison.Ordinal), c.Phone));
        if (!string.IsNullOrWhiteSpace(c.Website))
            Fact(sb, w.Website, Link(c.Website, c.Website));
        if (!string.IsNullOrWhiteSpace(c.Representative))
            Fact(sb, w.Representative, Encode(c.Representative));
        if (!string.IsNullOrWhiteSpace(c.ProtectionOfficer))
            Fact(sb, w.ProtectionOfficer, Encode(c.ProtectionOfficer));
        sb.Append("</dl>\n");
        return sb.ToString();
    }

    public static string Rights(SectionWords w)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>{w.RightsIntro}</p>\n<dl class=\"rights\">\n");
        foreach (var (name, text) in w.Rights)
            Fact(sb, name, text);
        sb.Append("</dl>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Link("/privacy/requests", w.RequestsLink)} · {Link("/privacy/preferences", w.PreferencesLink)}</p>\n");
        return sb.ToString();
    }

    public static string Complaint(PrivacyModel model, SectionWords w)
    {
        var a = model.Authority;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>{w.ComplaintIntro}</p>\n<dl class=\"facts\">\n");
        Fact(sb, w.Name, Encode(a.Name));
        Fact(sb, w.Address, Encode(a.Address));
        Fact(sb, w.Website, Link(a.Website, a.Website));
        Fact(sb, w.HowToComplain, Link(a.ComplaintUrl, a.ComplaintUrl));
        sb.Append("</dl>\n");
        return sb.ToString();
    }

    /// <summary>One term and its description; <paramref name="html"/> is already encoded.</summary>
    internal static void Fact(StringBuilder sb, string term, string html) =>
        sb.Append(CultureInfo.InvariantCulture, $"<dt>{term}</dt><dd>{html}</dd>\n");
}
