using Vern.Infrastructure.Texts;

namespace Vern.Features.Model;

/// <summary>
/// The company's processing, as one definition. Everything public (policy sections, cookie
/// declaration, sub-processor list) and everything regulators ask for (the Records of Processing)
/// is generated from it, so they cannot disagree.
/// </summary>
internal sealed record PrivacyModel(
    Controller Controller,
    SupervisoryAuthority Authority,
    IReadOnlyList<DataCategory> Categories,
    IReadOnlyList<SubjectKind> SubjectKinds,
    IReadOnlyList<RetentionRule> Retention,
    IReadOnlyList<Recipient> Recipients,
    IReadOnlyList<ConsentCategory> ConsentCategories,
    IReadOnlyList<Purpose> Purposes,
    IReadOnlyList<ProcessorActivity> ProcessorActivities,
    IReadOnlyList<ThirdPartyService> Services,
    IReadOnlyList<Cookie> Cookies,
    LocalizedList SecurityMeasures)
{
    /// <summary>The files Vern keeps of its own (<c>logs</c>, <c>backups</c>) that the definition names a retention rule for.</summary>
    public static readonly IReadOnlyList<string> KeptFiles = ["logs", "backups"];

    /// <summary>Per kind of file in <see cref="KeptFiles"/> that the definition names one for: the id of the rule its files are kept under.</summary>
    public IReadOnlyDictionary<string, string> Keeps { get; init; } = new Dictionary<string, string>();

    /// <summary>What the company promises its customers as their processor (Art. 28): the data processing agreement's terms.</summary>
    public ProcessorTerms ProcessorTerms { get; init; } = ProcessorTerms.Default;

    /// <summary>Vern's own website statistics, when the definition collects them.</summary>
    public SiteAnalytics? Analytics { get; init; }

    /// <summary>The rule the definition keeps <paramref name="files"/> (<c>logs</c> or <c>backups</c>) under, if it names one that exists.</summary>
    public RetentionRule? RuleFor(string files) => Keeps.TryGetValue(files, out var id) ? RetentionRule(id) : null;

    /// <summary>The categories the cookie banner asks for: all but those given by double opt-in.</summary>
    public IEnumerable<ConsentCategory> BannerCategories => ConsentCategories.Where(c => !c.DoubleOptIn);

    public DataCategory? Category(string id) => Categories.FirstOrDefault(c => c.Id == id);
    public SubjectKind? SubjectKind(string id) => SubjectKinds.FirstOrDefault(s => s.Id == id);
    public RetentionRule? RetentionRule(string id) => Retention.FirstOrDefault(r => r.Id == id);
    public Recipient? Recipient(string id) => Recipients.FirstOrDefault(r => r.Id == id);
    public Purpose? Purpose(string id) => Purposes.FirstOrDefault(p => p.Id == id);
}

/// <summary>
/// Vern's own website statistics: the purpose they serve (its consent category gates collection, its retention rule
/// keeps the raw events), how much of a visitor's address is kept before anything else sees it, and the sites that
/// count visits without consent and without storing anything on the device.
/// </summary>
internal sealed record SiteAnalytics(string Purpose, int Ipv4Prefix, int Ipv6Prefix, IReadOnlyList<string> CookielessSites)
{
    public const int DefaultIpv4Prefix = 24;
    public const int DefaultIpv6Prefix = 48;
}

/// <summary>Text in each language the public pages speak: English (<c>en</c>) and Norwegian bokmål (<c>nb</c>).</summary>
internal sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    public string this[string language] =>
        Values.TryGetValue(language, out var text) ? text : Values.TryGetValue(Languages.Default, out var fallback) ? fallback : Values.Values.FirstOrDefault() ?? "";

    public override string ToString() => this[Languages.Default];
}

internal sealed record LocalizedList(IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    public static readonly LocalizedList Empty = new(new Dictionary<string, IReadOnlyList<string>>());

    public IReadOnlyList<string> this[string language] =>
        Values.TryGetValue(language, out var list) ? list : Values.TryGetValue(Languages.Default, out var fallback) ? fallback : [];
}

/// <summary>
/// A choice the cookie banner offers, such as analytics or marketing; <c>necessary</c> is always on. A category
/// given by double opt-in (the newsletter) is asked for in its own form and confirmed from an e-mail, never in
/// the banner, and lasts until it is withdrawn, not until the banner asks again.
/// </summary>
internal sealed record ConsentCategory(string Id, LocalizedText Name, LocalizedText Description, bool Required, bool DoubleOptIn = false);

internal sealed record Controller(string Name, string OrganisationNumber, string Address, string Country, string Email, string? Phone, string? Website, string? Representative, string? ProtectionOfficer);

internal sealed record SupervisoryAuthority(string Name, string Address, string Website, string ComplaintUrl);

/// <summary>A category of personal data (GDPR Art. 30(1)(c)).</summary>
internal sealed record DataCategory(string Id, LocalizedText Name, LocalizedText Description, bool Special, string? Dpv);

/// <summary>A kind of data subject (Art. 30(1)(c)), such as website visitors.</summary>
internal sealed record SubjectKind(string Id, LocalizedText Name, string? Dpv);

internal enum RetentionAction { Delete, Anonymise }

/// <summary>How long data is kept, from which event, and what happens then (Art. 30(1)(f)).</summary>
internal sealed record RetentionRule(string Id, string Period, string StartsAt, RetentionAction Action, LocalizedText Description, LegalHold? LegalHold, LocalizedText CarriedOutBy)
{
    /// <summary>
    /// The rule's records are held outside Vern and the system named in <see cref="CarriedOutBy"/> disposes of them;
    /// Vern carries out every other rule itself.
    /// </summary>
    public bool CarriedOutElsewhere => CarriedOutBy.Values.Count > 0;

    /// <summary>How much longer a person may agree to have their records kept under this rule, and why; null when they cannot.</summary>
    public KeepLonger? KeepLonger { get; init; }
}

/// <summary>
/// The most a person's own consent can extend a rule (the policy's "unless you have consented to us keeping them
/// longer"), and the purpose they are told for the extra time.
/// </summary>
internal sealed record KeepLonger(string Period, LocalizedText Purpose);

/// <summary>A statutory duty to keep data longer than its purpose needs, such as bookkeeping records.</summary>
internal sealed record LegalHold(string Law, string Period, LocalizedText Description);

internal enum RecipientRole { Processor, SubProcessor, Controller, Authority }

/// <summary>Who receives personal data (Art. 30(1)(d)), with the safeguard of any transfer (Art. 30(1)(e)).</summary>
internal sealed record Recipient(string Id, string Name, string Address, string Country, RecipientRole Role, LocalizedText Service, DateOnly? DpaDate, Transfer? Transfer, DateOnly? ListedSince)
{
    public bool OutsideEea => !Countries.IsEea(Country);
}

internal enum TransferMechanism { Adequacy, DataPrivacyFramework, StandardContractualClauses }

internal sealed record Transfer(TransferMechanism Mechanism, string? Module, DateOnly? AssessmentDate, LocalizedText Note);

internal enum LegalBasis { Consent, Contract, LegalObligation, VitalInterests, PublicTask, LegitimateInterests }

internal sealed record LegitimateInterest(LocalizedText Interest, LocalizedText Necessity, LocalizedText Balancing);

/// <summary>A purpose of processing with exactly one legal basis (Art. 6(1)).</summary>
internal sealed record Purpose(
    string Id,
    LocalizedText Name,
    LocalizedText Description,
    LegalBasis LegalBasis,
    LegitimateInterest? LegitimateInterest,
    string? ConsentCategory,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Subjects,
    LocalizedText Source,
    IReadOnlyList<string> Recipients,
    string Retention,
    string? DpvPurpose,
    bool AutomatedDecisions)
{
    public bool NeedsConsent => LegalBasis == LegalBasis.Consent;

    /// <summary>
    /// Marketing aimed at the person (DPV's marketing and advertising purposes): what an objection under
    /// Art. 21(3) ends, absolutely.
    /// </summary>
    public bool IsDirectMarketing => DpvPurpose is "dpv:DirectMarketing" or "dpv:Marketing" or "dpv:Advertising"
        or "dpv:PersonalisedAdvertising" or "dpv:TargetedAdvertising";
}

/// <summary>Processing done on behalf of customers (Art. 30(2)), such as the licensed analytics product.</summary>
internal sealed record ProcessorActivity(string Id, LocalizedText Name, LocalizedText Controllers, LocalizedText Processing, IReadOnlyList<string> Categories, IReadOnlyList<string> Subjects, IReadOnlyList<string> SubProcessors);

/// <summary>
/// The terms every customer's data processing agreement states, from the definition's <c>processorTerms</c>: hours to
/// report a breach to the customer, days of notice before a sub-processor changes, days to carry out a request the
/// customer forwards, and after a licence ends, days the customer's export stays offered and days until its data is deleted.
/// </summary>
internal sealed record ProcessorTerms(int BreachNotificationHours, int SubProcessorNoticeDays, int RequestDeadlineDays, int ReturnDays, int DeletionDays)
{
    public static readonly ProcessorTerms Default = new(24, 30, 10, 30, 30);
}

/// <summary>A script or service the website loads, gated by the consent category it belongs to.</summary>
internal sealed record ThirdPartyService(string Id, string Name, string Provider, string Category, IReadOnlyList<string> Purposes);

internal sealed record Cookie(string Name, string Provider, string Category, string? Service, LocalizedText Purpose, string Lifetime, string Country, string Kind);
