using System.Globalization;
using System.Text;
using Vern.Features.Model;
using static Vern.Features.Policies.Html;

namespace Vern.Features.Policies;

/// <summary>Who receives personal data, and how transfers outside the EU/EEA are protected.</summary>
internal static class SharingSections
{
    public static string Recipients(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"table-wrap\"><table>\n<caption>{w.RecipientsCaption}</caption>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{w.Name}</th><th scope=\"col\">{w.Country}</th><th scope=\"col\">{w.WhatTheyDo}</th><th scope=\"col\">{w.Role}</th></tr></thead>\n<tbody>\n");
        foreach (var r in model.Recipients)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Encode(r.Name)}</th><td>{Encode(CountryNames.Name(r.Country, lang))}</td><td>{Encode(r.Service[lang])}</td><td>{Encode(w.RoleName(r.Role))}</td></tr>\n");
        sb.Append("</tbody>\n</table></div>\n");
        return sb.ToString();
    }

    public static string Transfers(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var outside = model.Recipients.Where(r => r.OutsideEea).ToList();
        if (outside.Count == 0)
            return $"<p>{w.NoTransfers}</p>\n";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>{w.TransfersIntro}</p>\n<div class=\"table-wrap\"><table>\n<caption>{w.TransfersCaption}</caption>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{w.Name}</th><th scope=\"col\">{w.Country}</th><th scope=\"col\">{w.Safeguard}</th><th scope=\"col\">{w.Assessment}</th></tr></thead>\n<tbody>\n");
        foreach (var r in outside)
        {
            var safeguard = Encode(w.SafeguardOf(r.Transfer));
            if (r.Transfer?.Note[lang] is { Length: > 0 } note)
                safeguard += $"<br>{Encode(note)}";
            var assessed = r.Transfer?.AssessmentDate is { } date ? Dates.Long(date, lang) : "–";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Encode(r.Name)}</th><td>{Encode(CountryNames.Name(r.Country, lang))}</td><td>{safeguard}</td><td>{Encode(assessed)}</td></tr>\n");
        }
        sb.Append("</tbody>\n</table></div>\n");
        return sb.ToString();
    }
}
