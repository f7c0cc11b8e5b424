using System.Globalization;
using System.Text;
using Vern.Features.Model;
using static Vern.Features.Policies.ContactSections;
using static Vern.Features.Policies.Html;

namespace Vern.Features.Policies;

/// <summary>What is processed, why, on which basis, and for how long.</summary>
internal static class ProcessingSections
{
    public static string Purposes(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var sb = new StringBuilder();
        foreach (var p in model.Purposes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3>{Encode(p.Name[lang])}</h3>\n<p>{Encode(p.Description[lang])}</p>\n<dl class=\"facts\">\n");
            var basis = w.Basis(p.LegalBasis);
            if (p.LegitimateInterest is { } li)
                basis += $" {w.Interest}: {li.Interest[lang]}";
            Fact(sb, w.LegalBasis, Encode(basis));
            Fact(sb, w.PersonalData, Encode(Join(p.Categories.Select(id => model.Category(id)?.Name[lang] ?? id))));
            Fact(sb, w.Source, Encode(p.Source[lang]));
            Fact(sb, w.Retention, Encode(model.RetentionRule(p.Retention) is { } rule ? RuleInWords(rule, w) : p.Retention));
            var recipients = p.Recipients.Select(id => model.Recipient(id)?.Name ?? id).ToList();
            Fact(sb, w.SharedWith, Encode(recipients.Count == 0 ? w.NoOne : Join(recipients)));
            sb.Append("</dl>\n");
        }
        return sb.ToString();
    }

    public static string DataCollected(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"table-wrap\"><table>\n<caption>{w.DataCaption}</caption>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{w.Category}</th><th scope=\"col\">{w.WhatItIs}</th><th scope=\"col\">{w.UsedFor}</th></tr></thead>\n<tbody>\n");
        foreach (var c in model.Categories)
        {
            var purposes = model.Purposes.Where(p => p.Categories.Contains(c.Id)).Select(p => p.Name[lang]);
            var special = c.Special ? $" ({w.Special})" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Encode(c.Name[lang])}{special}</th><td>{Encode(c.Description[lang])}</td><td>{Encode(Join(purposes))}</td></tr>\n");
        }
        sb.Append("</tbody>\n</table></div>\n");
        return sb.ToString();
    }

    public static string Retention(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var sb = new StringBuilder();
        sb.Append("<dl class=\"facts\">\n");
        foreach (var rule in model.Retention)
        {
            var purposes = model.Purposes.Where(p => p.Retention == rule.Id).Select(p => p.Name[lang]).ToList();
            var html = new StringBuilder($"<p>{Encode(RuleInWords(rule, w))}</p>");
            if (rule.Description[lang].Length > 0)
                html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(rule.Description[lang])}</p>");
            if (rule.LegalHold is { } hold)
                html.Append(CultureInfo.InvariantCulture, $"<p>{w.LegalHold}: {Encode(hold.Law)}, {Encode(Durations.ToWords(hold.Period, lang))}. {Encode(hold.Description[lang])}</p>");
            Fact(sb, Encode(purposes.Count > 0 ? Join(purposes) : rule.Id), html.ToString());
        }
        sb.Append("</dl>\n");
        return sb.ToString();
    }

    /// <summary>"Kept for 13 months from collection, then anonymised."</summary>
    public static string RuleInWords(RetentionRule rule, SectionWords w)
    {
        var action = rule.Action == RetentionAction.Anonymise ? w.Anonymised : w.Deleted;
        return $"{w.KeptFor} {Durations.ToWords(rule.Period, w.Language)} {w.StartsAt(rule.StartsAt)}, {w.Then} {action}.";
    }

    private static string Join(IEnumerable<string> items) => string.Join(", ", items);
}
