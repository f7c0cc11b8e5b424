namespace Vern.Features.Ropa;

/// <summary>
/// The Records of Processing Activities (GDPR Art. 30) generated from one version of the privacy
/// model: the controller record, one entry per purpose (Art. 30(1)), and the processor record, one
/// entry per activity done on customers' behalf (Art. 30(2)). Plain data, so that the JSON and CSV
/// exports and the printable page cannot disagree.
/// </summary>
internal sealed record RecordsOfProcessing(
    int ModelVersion,
    DateTime GeneratedAt,
    string Language,
    IReadOnlyDictionary<string, string> DpvPrefixes,
    IReadOnlyList<ControllerEntry> ControllerRecord,
    IReadOnlyList<ProcessorEntry> ProcessorRecord);

/// <summary>One purpose of the controller record; the comments name the Art. 30(1) point each field answers.</summary>
internal sealed record ControllerEntry(
    string Id,
    Party Controller, // (a)
    PurposeEntry Purpose, // (b)
    LegalBasisEntry LegalBasis,
    IReadOnlyList<SubjectEntry> DataSubjects, // (c)
    IReadOnlyList<CategoryEntry> PersonalData, // (c)
    string Source,
    IReadOnlyList<RecipientEntry> Recipients, // (d)
    IReadOnlyList<TransferEntry> Transfers, // (e)
    RetentionEntry Retention, // (f)
    IReadOnlyList<string> SecurityMeasures, // (g)
    bool AutomatedDecisions);

/// <summary>One activity of the processor record; the comments name the Art. 30(2) point each field answers.</summary>
internal sealed record ProcessorEntry(
    string Id,
    string Name,
    Party Processor, // (a)
    string Controllers, // (a)
    IReadOnlyList<CustomerEntry> Customers, // (a)
    string Processing, // (b)
    IReadOnlyList<SubjectEntry> DataSubjects,
    IReadOnlyList<CategoryEntry> PersonalData,
    IReadOnlyList<RecipientEntry> SubProcessors,
    IReadOnlyList<TransferEntry> Transfers, // (c)
    IReadOnlyList<string> SecurityMeasures); // (d)

/// <summary>
/// A customer on whose behalf an activity is carried out (Art. 30(2)(a): each controller), with its instructions. Its
/// privacy contacts are people: named only in the privacy officer's copy, null (withheld) in everyone else's. Its
/// agreement says which version of the data processing agreement it accepted, flagged when not the current one.
/// </summary>
internal sealed record CustomerEntry(
    string Organisation,
    string Country,
    DateOnly LicenceStart,
    DateOnly? LicenceEnd,
    string State,
    IReadOnlyList<string>? Contacts,
    IReadOnlyList<string> AllowedRegions,
    string? Retention,
    string? Instructions,
    string Agreement);

/// <summary>A customer as the builder takes it: the entry, and the processor activities carried out for it.</summary>
internal sealed record RopaCustomer(IReadOnlyList<string> Activities, CustomerEntry Entry);

/// <summary>The controller (or, in the processor record, the company as processor) with its contact details.</summary>
internal sealed record Party(
    string Name,
    string OrganisationNumber,
    string Address,
    string Country,
    string Email,
    string? Phone,
    string? Website,
    string? Representative,
    string? ProtectionOfficer);

internal sealed record PurposeEntry(string Name, string Description, string? Dpv);

/// <summary>The Art. 6(1) basis as the model names it, its DPV term, and for legitimate interests the balancing test.</summary>
internal sealed record LegalBasisEntry(string Basis, string Label, string Article, string Dpv, string? ConsentCategory, BalancingEntry? LegitimateInterest);

internal sealed record BalancingEntry(string Interest, string Necessity, string Balancing);

internal sealed record SubjectEntry(string Id, string Name, string? Dpv);

internal sealed record CategoryEntry(string Id, string Name, string Description, bool Special, string? Dpv);

internal sealed record RecipientEntry(string Id, string Name, string Country, string Role, string Service);

/// <summary>A transfer outside the EU/EEA and the safeguard it rests on.</summary>
internal sealed record TransferEntry(string RecipientId, string Recipient, string Country, string Mechanism, string? SccModule, DateOnly? AssessmentDate, string? Note);

/// <summary>
/// The time limit for erasure: the period, the event that starts it, what happens then, any legal hold, and how much
/// longer a person may agree to have their records kept.
/// </summary>
internal sealed record RetentionEntry(string Id, string Period, string StartsAt, string Action, string Description, LegalHoldEntry? LegalHold, KeepLongerEntry? KeepLonger);

internal sealed record LegalHoldEntry(string Law, string Period, string Description);

/// <summary>The most a person's separate consent extends the rule, and the purpose they are told for it.</summary>
internal sealed record KeepLongerEntry(string Period, string Purpose);
