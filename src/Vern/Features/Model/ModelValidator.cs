using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Model;

/// <summary>
/// The rules a definition must keep before anything is generated from it. Each refusal names the
/// field so the privacy officer can fix it where it is written.
/// </summary>
internal static class ModelValidator
{
    /// <summary>Vern's own cookies and services name the controller as provider.</summary>
    public const string Self = "self";

    public static void Validate(PrivacyModel m, YamlMapReader r)
    {
        Unique(r, "categories", m.Categories.Select(c => c.Id));
        Unique(r, "subjects", m.SubjectKinds.Select(s => s.Id));
        Unique(r, "retention", m.Retention.Select(x => x.Id));
        Unique(r, "recipients", m.Recipients.Select(x => x.Id));
        Unique(r, "consentCategories", m.ConsentCategories.Select(x => x.Id));
        for (var i = 0; i < m.ConsentCategories.Count; i++)
            if (m.ConsentCategories[i] is { DoubleOptIn: true, Required: true } c)
                r.Error($"consentCategories[{i}].doubleOptIn", $"'{c.Id}' is required, so nobody is asked for it: it cannot also be given by double opt-in.");
        Unique(r, "purposes", m.Purposes.Select(x => x.Id));
        Unique(r, "services", m.Services.Select(x => x.Id));

        if (!Countries.IsCode(m.Controller.Country) && m.Controller.Country.Length > 0)
            r.Error("controller.country", $"'{m.Controller.Country}' is not a two-letter country code (ISO 3166-1), such as NO.");

        for (var i = 0; i < m.Retention.Count; i++)
        {
            var rule = m.Retention[i];
            if (rule.Period.Length > 0 && !IsoPeriods.IsValid(rule.Period))
                r.Error($"retention[{i}].period", $"'{rule.Period}' is not a period; write an ISO 8601 duration such as P5Y, P6M or P30D.");
            if (!rule.CarriedOutElsewhere && rule.StartsAt.Length > 0 && !WireNames.TryParse<RetentionTrigger>(rule.StartsAt, out _))
                r.Error($"retention[{i}].startsAt", $"Vern cannot start a retention clock at '{rule.StartsAt}'; use one of: {string.Join(", ", WireNames.All<RetentionTrigger>())}, "
                    + "or name the system that disposes of these records under carriedOutBy.");
            if (rule.LegalHold is { Period.Length: > 0 } hold && !IsoPeriods.IsValid(hold.Period))
                r.Error($"retention[{i}].legalHold.period", $"'{hold.Period}' is not a period; write an ISO 8601 duration such as P5Y.");
            if (rule.KeepLonger is { } longer)
                ValidateKeepLonger(m, rule, longer, $"retention[{i}].keepLonger", r);
        }

        // Log files and backups are counted from when they were written, and Vern deletes them itself.
        foreach (var (files, id) in m.Keeps)
        {
            if (m.RetentionRule(id) is not { } rule)
                r.Error(files, $"'{id}' is not a known retention rule.");
            else if (rule.StartsAt != RetentionTrigger.Collection.ToWire() || rule.CarriedOutElsewhere)
                r.Error(files, $"Retention rule '{id}' must start at collection and be carried out by Vern (no carriedOutBy): {files} are deleted by Vern, counted from the day each file was written.");
            else if (!IsoPeriods.IsValid(rule.Period))
                r.Error(files, $"Retention rule '{id}' has no valid period, so {files} would be kept forever; write an ISO 8601 duration such as P35D.");
        }

        if (m.Analytics is { } analytics)
            ValidateAnalytics(m, analytics, r);

        for (var i = 0; i < m.Recipients.Count; i++)
            ValidateRecipient(m.Recipients[i], $"recipients[{i}]", r);

        for (var i = 0; i < m.Purposes.Count; i++)
            ValidatePurpose(m, m.Purposes[i], $"purposes[{i}]", r);

        // A category nobody keeps under a rule would be kept forever.
        for (var i = 0; i < m.Categories.Count; i++)
        {
            var id = m.Categories[i].Id;
            if (!m.Purposes.Any(p => p.Categories.Contains(id) && m.RetentionRule(p.Retention) is not null))
                r.Error($"categories[{i}]", $"'{id}' has no retention rule: no purpose that collects it names one.");
        }

        for (var i = 0; i < m.ProcessorActivities.Count; i++)
        {
            var a = m.ProcessorActivities[i];
            var p = $"processorActivities[{i}]";
            References(r, $"{p}.categories", a.Categories, m.Categories.Select(c => c.Id), "category");
            References(r, $"{p}.subjects", a.Subjects, m.SubjectKinds.Select(s => s.Id), "kind of data subject");
            References(r, $"{p}.subProcessors", a.SubProcessors, m.Recipients.Select(x => x.Id), "recipient");
        }

        for (var i = 0; i < m.Services.Count; i++)
        {
            var s = m.Services[i];
            var p = $"services[{i}]";
            Reference(r, $"{p}.provider", s.Provider, m.Recipients.Select(x => x.Id).Append(Self), "recipient");
            // The banner blocks and releases services and cookies; a category confirmed by e-mail is not in it.
            Reference(r, $"{p}.category", s.Category, m.BannerCategories.Select(c => c.Id), "consent category of the banner");
            References(r, $"{p}.purposes", s.Purposes, m.Purposes.Select(x => x.Id), "purpose");
        }

        for (var i = 0; i < m.Cookies.Count; i++)
        {
            var c = m.Cookies[i];
            var p = $"cookies[{i}]";
            Reference(r, $"{p}.provider", c.Provider, m.Recipients.Select(x => x.Id).Append(Self), "recipient");
            Reference(r, $"{p}.category", c.Category, m.BannerCategories.Select(x => x.Id), "consent category of the banner");
            if (c.Service is not null)
                Reference(r, $"{p}.service", c.Service, m.Services.Select(x => x.Id), "service");
            if (c.Lifetime.Length > 0 && c.Lifetime != "session" && !IsoPeriods.IsValid(c.Lifetime))
                r.Error($"{p}.lifetime", $"'{c.Lifetime}' is not a lifetime; write 'session' or an ISO 8601 duration such as P13M.");
            if (c.Country.Length > 0 && !Countries.IsCode(c.Country))
                r.Error($"{p}.country", $"'{c.Country}' is not a two-letter country code.");
        }
    }

    /// <summary>
    /// A person agrees to more time only for what Vern itself keeps of theirs, for a stated period and a purpose
    /// they can read in their own language (the policy's "we will inform you about the processing purpose").
    /// </summary>
    private static void ValidateKeepLonger(PrivacyModel m, RetentionRule rule, KeepLonger longer, string path, YamlMapReader r)
    {
        if (!IsoPeriods.IsValid(longer.Period))
            r.Error($"{path}.period", $"'{longer.Period}' is not a period; write an ISO 8601 duration such as P1Y, the most a person's consent extends the rule.");
        foreach (var language in Languages.Supported.Where(l => !longer.Purpose.Values.ContainsKey(l)))
            r.Error($"{path}.purpose", $"needs a text in {language}: a person is told in their own language why their data is kept longer.");
        if (rule.CarriedOutElsewhere)
            r.Error(path, $"Retention rule '{rule.Id}' is carried out outside Vern (carriedOutBy), so Vern cannot keep its records longer for a person who agrees.");
        else if (m.Keeps.Values.Contains(rule.Id) || !m.Purposes.Any(p => p.Retention == rule.Id))
            r.Error(path, $"Retention rule '{rule.Id}' is no rule of a purpose's records, so no person can agree to have theirs kept longer; name it as a purpose's retention, or remove keepLonger.");
    }

    private static void ValidateRecipient(Recipient x, string p, YamlMapReader r)
    {
        if (!Countries.IsCode(x.Country))
        {
            if (x.Country.Length > 0)
                r.Error($"{p}.country", $"'{x.Country}' is not a two-letter country code (ISO 3166-1), such as IE or US.");
            return;
        }
        if (!x.OutsideEea)
            return;
        if (x.Transfer is null)
        {
            r.Error($"{p}.transfer", $"{x.Name} is in {x.Country}, outside the EU/EEA: name the transfer mechanism (adequacy, dpf or scc).");
            return;
        }
        if (x.Transfer.Mechanism == TransferMechanism.StandardContractualClauses)
        {
            if (x.Transfer.Module is null)
                r.Error($"{p}.transfer.module", "standard contractual clauses need the module (1, 2, 3 or 4 of the 2021 clauses).");
            if (x.Transfer.AssessmentDate is null)
                r.Error($"{p}.transfer.assessmentDate", "standard contractual clauses need the date of the transfer impact assessment.");
        }
    }

    private static void ValidatePurpose(PrivacyModel m, Purpose x, string p, YamlMapReader r)
    {
        References(r, $"{p}.categories", x.Categories, m.Categories.Select(c => c.Id), "category");
        References(r, $"{p}.subjects", x.Subjects, m.SubjectKinds.Select(s => s.Id), "kind of data subject");
        References(r, $"{p}.recipients", x.Recipients, m.Recipients.Select(c => c.Id), "recipient");
        if (x.Retention.Length > 0)
            Reference(r, $"{p}.retention", x.Retention, m.Retention.Select(c => c.Id), "retention rule");

        if (x.NeedsConsent && x.ConsentCategory is null)
            r.Error($"{p}.consent", $"'{x.Id}' rests on consent, so it must say which consent category asks for it (consent: {{category: ...}}).");
        if (!x.NeedsConsent && x.ConsentCategory is not null)
            r.Error($"{p}.consent", $"'{x.Id}' does not rest on consent; asking for consent it does not need would mislead people.");
        if (x.ConsentCategory is not null)
        {
            Reference(r, $"{p}.consent.category", x.ConsentCategory, m.ConsentCategories.Select(c => c.Id), "consent category");
            if (m.ConsentCategories.FirstOrDefault(c => c.Id == x.ConsentCategory) is { Required: true })
                r.Error($"{p}.consent.category", $"'{x.ConsentCategory}' cannot be refused, so it cannot carry a consent-based purpose.");
        }
        if (x.LegalBasis == LegalBasis.LegitimateInterests && x.LegitimateInterest is null)
            r.Error($"{p}.legitimateInterest", $"'{x.Id}' rests on legitimate interests, so it needs its balancing assessment (interest, necessity, balancing).");
    }

    private static void Unique(YamlMapReader r, string list, IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var id in ids)
        {
            if (id.Length > 0 && !seen.Add(id))
                r.Error($"{list}[{index}].id", $"'{id}' is used twice.");
            index++;
        }
    }

    private static void References(YamlMapReader r, string path, IReadOnlyList<string> ids, IEnumerable<string> known, string what)
    {
        var set = known.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
            if (!set.Contains(ids[i]))
                r.Error($"{path}[{i}]", $"'{ids[i]}' is not a known {what}.");
    }

    private static void Reference(YamlMapReader r, string path, string id, IEnumerable<string> known, string what)
    {
        if (id.Length > 0 && !known.Contains(id, StringComparer.Ordinal))
            r.Error(path, $"'{id}' is not a known {what}.");
    }

    private static void ValidateAnalytics(PrivacyModel m, SiteAnalytics analytics, YamlMapReader r)
    {
        if (m.Purpose(analytics.Purpose) is not { } purpose)
            r.Error("analytics.purpose", $"'{analytics.Purpose}' is not a purpose of this definition.");
        else if (purpose.LegalBasis == LegalBasis.Consent && purpose.ConsentCategory is null)
            r.Error("analytics.purpose", $"Purpose '{purpose.Id}' rests on consent but names no consent category, so no visitor could ever be counted.");
        for (var i = 0; i < analytics.CookielessSites.Count; i++)
            if (Uri.CheckHostName(analytics.CookielessSites[i]) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
                r.Error($"analytics.cookielessSites[{i}]", $"'{analytics.CookielessSites[i]}' is not a host name, such as nordlys.example.");
    }
}
