using YamlDotNet.RepresentationModel;

namespace Vern.Features.Model;

/// <summary>The result of reading a definition: the model when it is valid, and every error found.</summary>
internal sealed record ModelParseResult(PrivacyModel? Model, IReadOnlyList<ModelError> Errors)
{
    public bool IsValid => Model is not null && Errors.Count == 0;
}

/// <summary>Reads a YAML definition, then checks it (<see cref="ModelValidator"/>).</summary>
internal static class ModelParser
{
    private static readonly Dictionary<string, LegalBasis> Bases = new()
    {
        ["consent"] = LegalBasis.Consent,
        ["contract"] = LegalBasis.Contract,
        ["legal-obligation"] = LegalBasis.LegalObligation,
        ["vital-interests"] = LegalBasis.VitalInterests,
        ["public-task"] = LegalBasis.PublicTask,
        ["legitimate-interests"] = LegalBasis.LegitimateInterests,
    };

    private static readonly Dictionary<string, RecipientRole> Roles = new()
    {
        ["processor"] = RecipientRole.Processor,
        ["sub-processor"] = RecipientRole.SubProcessor,
        ["controller"] = RecipientRole.Controller,
        ["authority"] = RecipientRole.Authority,
    };

    private static readonly Dictionary<string, TransferMechanism> Mechanisms = new()
    {
        ["adequacy"] = TransferMechanism.Adequacy,
        ["dpf"] = TransferMechanism.DataPrivacyFramework,
        ["scc"] = TransferMechanism.StandardContractualClauses,
    };

    private static readonly Dictionary<string, RetentionAction> Actions = new()
    {
        ["delete"] = RetentionAction.Delete,
        ["anonymise"] = RetentionAction.Anonymise,
    };

    public static ModelParseResult Parse(string yaml, string file)
    {
        var r = new YamlMapReader(file);
        var root = r.Root(yaml);
        if (root is null)
            return new ModelParseResult(null, r.Errors);

        var model = new PrivacyModel(
            ReadController(r, r.Map(root, "controller", "")),
            ReadAuthority(r, r.Map(root, "supervisoryAuthority", "")),
            r.Items(root, "categories").Select(i => new DataCategory(Id(r, i), r.Text(i.Node, "name", i.Path), r.Text(i.Node, "description", i.Path, required: false),
                r.Bool(i.Node, "special", i.Path), r.String(i.Node, "dpv", i.Path, required: false))).ToList(),
            r.Items(root, "subjects").Select(i => new SubjectKind(Id(r, i), r.Text(i.Node, "name", i.Path), r.String(i.Node, "dpv", i.Path, required: false))).ToList(),
            r.Items(root, "retention").Select(i => ReadRetention(r, i)).ToList(),
            r.Items(root, "recipients").Select(i => ReadRecipient(r, i)).ToList(),
            r.Items(root, "consentCategories").Select(i => new ConsentCategory(Id(r, i), r.Text(i.Node, "name", i.Path), r.Text(i.Node, "description", i.Path),
                r.Bool(i.Node, "required", i.Path), r.Bool(i.Node, "doubleOptIn", i.Path))).ToList(),
            r.Items(root, "purposes").Select(i => ReadPurpose(r, i)).ToList(),
            r.Items(root, "processorActivities", required: false).Select(i => new ProcessorActivity(Id(r, i), r.Text(i.Node, "name", i.Path),
                r.Text(i.Node, "controllers", i.Path), r.Text(i.Node, "processing", i.Path), r.Ids(i.Node, "categories", i.Path, required: true),
                r.Ids(i.Node, "subjects", i.Path, required: true), r.Ids(i.Node, "subProcessors", i.Path))).ToList(),
            r.Items(root, "services", required: false).Select(i => new ThirdPartyService(Id(r, i), r.String(i.Node, "name", i.Path) ?? "",
                r.String(i.Node, "provider", i.Path) ?? "", r.String(i.Node, "category", i.Path) ?? "", r.Ids(i.Node, "purposes", i.Path, required: true))).ToList(),
            r.Items(root, "cookies", required: false).Select(i => new Cookie(r.String(i.Node, "name", i.Path) ?? "", r.String(i.Node, "provider", i.Path) ?? "",
                r.String(i.Node, "category", i.Path) ?? "", r.String(i.Node, "service", i.Path, required: false), r.Text(i.Node, "purpose", i.Path),
                r.String(i.Node, "lifetime", i.Path) ?? "", r.String(i.Node, "country", i.Path) ?? "", r.String(i.Node, "kind", i.Path, required: false) ?? "cookie")).ToList(),
            r.TextList(root, "securityMeasures", ""))
        {
            ProcessorTerms = ReadProcessorTerms(r, r.Map(root, "processorTerms", "", required: false)),
            Analytics = ReadAnalytics(r, r.Map(root, "analytics", "", required: false)),
            Keeps = PrivacyModel.KeptFiles.Select(f => (f, Id: r.String(root, f, "", required: false))).Where(k => k.Id is not null).ToDictionary(k => k.f, k => k.Id!),
        };

        ModelValidator.Validate(model, r);
        return new ModelParseResult(r.Errors.Count == 0 ? model : null, r.Errors);
    }

    private static ProcessorTerms ReadProcessorTerms(YamlMapReader r, YamlMappingNode? map)
    {
        var d = ProcessorTerms.Default;
        if (map is null)
            return d;
        const string path = "processorTerms";
        return new ProcessorTerms(
            r.Int(map, "breachNotificationHours", path, d.BreachNotificationHours, 1, 72),
            r.Int(map, "subProcessorNoticeDays", path, d.SubProcessorNoticeDays, 0, 365),
            r.Int(map, "requestDeadlineDays", path, d.RequestDeadlineDays, 1, 30),
            r.Int(map, "returnDays", path, d.ReturnDays, 0, 365),
            r.Int(map, "deletionDays", path, d.DeletionDays, 0, 365));
    }

    private static SiteAnalytics? ReadAnalytics(YamlMapReader r, YamlMappingNode? map)
    {
        if (map is null)
            return null;
        const string path = "analytics";
        // More than a /24 or a /48 would tell one household from its neighbours; less is allowed.
        return new SiteAnalytics(r.String(map, "purpose", path) ?? "",
            r.Int(map, "ipv4Prefix", path, SiteAnalytics.DefaultIpv4Prefix, 0, SiteAnalytics.DefaultIpv4Prefix),
            r.Int(map, "ipv6Prefix", path, SiteAnalytics.DefaultIpv6Prefix, 0, SiteAnalytics.DefaultIpv6Prefix),
            [.. r.Ids(map, "cookielessSites", path).Select(h => h.ToLowerInvariant())]);
    }

    private static string Id(YamlMapReader r, (YamlMappingNode Node, string Path) item) => r.String(item.Node, "id", item.Path) ?? "";

    private static Controller ReadController(YamlMapReader r, YamlMappingNode? map)
    {
        if (map is null)
            return new Controller("", "", "", "", "", null, null, null, null);
        const string p = "controller";
        return new Controller(r.String(map, "name", p) ?? "", r.String(map, "organisationNumber", p) ?? "", r.String(map, "address", p) ?? "",
            r.String(map, "country", p) ?? "", r.String(map, "email", p) ?? "", r.String(map, "phone", p, required: false),
            r.String(map, "website", p, required: false), r.String(map, "representative", p, required: false), r.String(map, "protectionOfficer", p, required: false));
    }

    private static SupervisoryAuthority ReadAuthority(YamlMapReader r, YamlMappingNode? map)
    {
        if (map is null)
            return new SupervisoryAuthority("", "", "", "");
        const string p = "supervisoryAuthority";
        return new SupervisoryAuthority(r.String(map, "name", p) ?? "", r.String(map, "address", p) ?? "", r.String(map, "website", p) ?? "", r.String(map, "complaintUrl", p) ?? "");
    }

    private static RetentionRule ReadRetention(YamlMapReader r, (YamlMappingNode Node, string Path) i)
    {
        var holdMap = r.Map(i.Node, "legalHold", i.Path, required: false);
        var holdPath = i.Path + ".legalHold";
        var hold = holdMap is null ? null : new LegalHold(r.String(holdMap, "law", holdPath) ?? "", r.String(holdMap, "period", holdPath) ?? "", r.Text(holdMap, "description", holdPath));
        var longerMap = r.Map(i.Node, "keepLonger", i.Path, required: false);
        var longerPath = i.Path + ".keepLonger";
        var longer = longerMap is null ? null : new KeepLonger(r.String(longerMap, "period", longerPath) ?? "", r.Text(longerMap, "purpose", longerPath));
        return new RetentionRule(Id(r, i), r.String(i.Node, "period", i.Path) ?? "", r.String(i.Node, "startsAt", i.Path) ?? "",
            r.Choice(i.Node, "action", i.Path, Actions) ?? RetentionAction.Delete, r.Text(i.Node, "description", i.Path), hold,
            r.Text(i.Node, "carriedOutBy", i.Path, required: false))
        { KeepLonger = longer };
    }

    private static Recipient ReadRecipient(YamlMapReader r, (YamlMappingNode Node, string Path) i)
    {
        var transferMap = r.Map(i.Node, "transfer", i.Path, required: false);
        var tp = i.Path + ".transfer";
        Transfer? transfer = null;
        if (transferMap is not null && r.Choice(transferMap, "mechanism", tp, Mechanisms) is { } mechanism)
            transfer = new Transfer(mechanism, r.String(transferMap, "module", tp, required: false), r.Date(transferMap, "assessmentDate", tp), r.Text(transferMap, "note", tp, required: false));
        return new Recipient(Id(r, i), r.String(i.Node, "name", i.Path) ?? "", r.String(i.Node, "address", i.Path) ?? "", r.String(i.Node, "country", i.Path) ?? "",
            r.Choice(i.Node, "role", i.Path, Roles) ?? RecipientRole.Processor, r.Text(i.Node, "service", i.Path), r.Date(i.Node, "dpaDate", i.Path), transfer,
            r.Date(i.Node, "listedSince", i.Path));
    }

    private static Purpose ReadPurpose(YamlMapReader r, (YamlMappingNode Node, string Path) i)
    {
        var liMap = r.Map(i.Node, "legitimateInterest", i.Path, required: false);
        var lp = i.Path + ".legitimateInterest";
        var li = liMap is null ? null : new LegitimateInterest(r.Text(liMap, "interest", lp), r.Text(liMap, "necessity", lp), r.Text(liMap, "balancing", lp));
        var consentMap = r.Map(i.Node, "consent", i.Path, required: false);
        var consentCategory = consentMap is null ? null : r.String(consentMap, "category", i.Path + ".consent");
        return new Purpose(Id(r, i), r.Text(i.Node, "name", i.Path), r.Text(i.Node, "description", i.Path),
            r.Choice(i.Node, "legalBasis", i.Path, Bases) ?? LegalBasis.Consent, li, consentCategory,
            r.Ids(i.Node, "categories", i.Path, required: true), r.Ids(i.Node, "subjects", i.Path, required: true), r.Text(i.Node, "source", i.Path),
            r.Ids(i.Node, "recipients", i.Path), r.String(i.Node, "retention", i.Path) ?? "", r.String(i.Node, "dpv", i.Path, required: false),
            r.Bool(i.Node, "automatedDecisions", i.Path));
    }
}
