using System.Text.Json.Serialization;

namespace Vern.Features.Rights.Access;

// The shape of an access package's data.json, field by field in the order it is written. Fields
// the model may leave out are null and then not written; every other field is written, null or not,
// so two packages from one model have the same shape.

/// <summary>An access package (Art. 15): what the privacy policy says, applied to the person, and their records.</summary>
internal sealed record AccessPackageData(
    string GeneratedAt,
    string Language,
    PackageController Controller,
    PackageSubject Subject,
    IReadOnlyList<PackagePurpose> Purposes,
    IReadOnlyList<PackageCategory> Categories,
    IReadOnlyList<PackageRecipient> Recipients,
    IReadOnlyList<PackageTransfer> Transfers,
    IReadOnlyList<PackageRetention> Retention,
    IReadOnlyList<PackageSource> Sources,
    IReadOnlyList<PackageRight> Rights,
    PackageComplaint Complaint,
    PackageAutomatedDecisions AutomatedDecisions,
    IReadOnlyDictionary<string, PackageRecords> Records);

/// <summary>A portability package (Art. 20): the person and their portable records, nothing to explain them.</summary>
internal sealed record PortabilityPackageData(PackageSubject Subject, IReadOnlyDictionary<string, PackageRecords> Records);

internal sealed record PackageController(
    string Name, string OrganisationNumber, string Address, string Email, string? Website, string? ProtectionOfficer);

internal sealed record PackageSubject(Guid Id, string? Email, IReadOnlyList<string> VisitorIds);

internal sealed record PackagePurpose(
    string Id, string Name, string Description, PackageLegalBasis LegalBasis,
    IReadOnlyList<string> Categories, string Source, IReadOnlyList<string> Recipients, string Retention);

internal sealed record PackageLegalBasis(
    string Basis, string Article, string Explanation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Interest);

internal sealed record PackageCategory(string Id, string Name, string Description, bool Special);

internal sealed record PackageRecipient(
    string Id, string Name, string Role, string Country, string CountryName, string Service, IReadOnlyList<string> Purposes);

internal sealed record PackageTransfer(
    string Recipient, string Country, string? Mechanism, string Safeguard,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SccModule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? AssessedOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note);

internal sealed record PackageRetention(
    string Rule, string Period, string Summary, string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PackageLegalHold? LegalHold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PackageKeepLonger? KeepLonger);

internal sealed record PackageLegalHold(string Law, string Period, string Description);

/// <summary>How much longer the person may agree to have the rule's records kept, and why, as the policy says it.</summary>
internal sealed record PackageKeepLonger(string Period, string Purpose, string Summary);

internal sealed record PackageSource(string Source, string Title, string Origin, int RecordCount, bool Portable);

internal sealed record PackageRight(string Right, string Name, string Explanation, string HowToUse, string Link);

internal sealed record PackageComplaint(string Authority, string Address, string Website, string ComplaintUrl, string Explanation);

internal sealed record PackageAutomatedDecisions(
    bool Used,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Purposes,
    string Explanation);

/// <summary>One source's records; each row is an object keyed by the source's column names.</summary>
internal sealed record PackageRecords(
    string Title, string Origin, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows);
