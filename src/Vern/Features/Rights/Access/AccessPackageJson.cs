using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Features.Ropa;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights.Access;

/// <summary>
/// An access package's <c>data.json</c>: the package described as <see cref="AccessPackageData"/>
/// (or <see cref="PortabilityPackageData"/>), serialised camelCase in declaration order.
/// </summary>
internal static class AccessPackageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Every character but the markup-significant ones stays as it is, so Norwegian letters are readable
        // in the file; < > & ' " are escaped, so a value can never break out if the JSON is embedded somewhere.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static byte[] Serialize(PackageContent p) => p.Portability
        ? JsonSerializer.SerializeToUtf8Bytes(new PortabilityPackageData(Subject(p.Subject), Records(p.Exports)), Options)
        : JsonSerializer.SerializeToUtf8Bytes(Describe(p), Options);

    private static AccessPackageData Describe(PackageContent p)
    {
        var (lang, w, model) = (p.Language, p.Words, p.Model);
        var c = model.Controller;
        var a = model.Authority;
        return new AccessPackageData(
            UtcInstants.Format(p.CreatedAt.UtcDateTime),
            lang,
            new PackageController(c.Name, c.OrganisationNumber, c.Address, c.Email, c.Website, c.ProtectionOfficer),
            Subject(p.Subject),
            [.. model.Purposes.Select(x => Purpose(x, lang, w))],
            [.. model.Categories.Select(x => new PackageCategory(x.Id, x.Name[lang], x.Description[lang], x.Special))],
            [.. model.Recipients.Select(r => new PackageRecipient(
                r.Id, r.Name, w.RoleName(r.Role), r.Country, CountryNames.Name(r.Country, lang), r.Service[lang],
                [.. model.Purposes.Where(x => x.Recipients.Contains(r.Id)).Select(x => x.Id)]))],
            [.. model.Recipients.Where(r => r.OutsideEea).Select(r => Transfer(r, lang, w))],
            [.. model.Retention.Select(rule => new PackageRetention(
                rule.Id, rule.Period, w.RuleInWords(rule), rule.Description[lang],
                rule.LegalHold is { } hold ? new PackageLegalHold(hold.Law, hold.Period, hold.Description[lang]) : null,
                rule.KeepLonger is { } longer ? new PackageKeepLonger(longer.Period, longer.Purpose[lang], w.KeepLongerInWords(longer)) : null))],
            [.. p.Exports.Select(e => new PackageSource(e.Source, e.Title, e.Origin, e.Rows.Count, e.Portable))],
            [.. p.Rights.Select(r => new PackageRight(r.Key, r.Name, r.Explanation, r.HowToUse, p.RequestsLink))],
            new PackageComplaint(a.Name, a.Address, a.Website, a.ComplaintUrl, w.ComplaintIntro),
            new PackageAutomatedDecisions(
                p.AutomatedPurposes.Count > 0,
                p.AutomatedPurposes.Count > 0 ? [.. p.AutomatedPurposes.Select(x => x.Id)] : null,
                p.AutomatedDecisionsText),
            Records(p.Exports));
    }

    private static PackageSubject Subject(DataSubject subject) => new(subject.Id, subject.Email, subject.VisitorIds);

    private static PackagePurpose Purpose(Purpose purpose, string lang, SectionWords w)
    {
        var (key, _, article, _) = LegalBasisTerms.Of(purpose.LegalBasis);
        return new PackagePurpose(
            purpose.Id, purpose.Name[lang], purpose.Description[lang],
            new PackageLegalBasis(key, article, w.Basis(purpose.LegalBasis), purpose.LegitimateInterest?.Interest[lang]),
            purpose.Categories, purpose.Source[lang], purpose.Recipients, purpose.Retention);
    }

    private static PackageTransfer Transfer(Recipient r, string lang, SectionWords w) => new(
        r.Name, r.Country,
        r.Transfer?.Mechanism switch
        {
            TransferMechanism.Adequacy => "adequacy",
            TransferMechanism.DataPrivacyFramework => "dpf",
            TransferMechanism.StandardContractualClauses => "scc",
            _ => null,
        },
        w.SafeguardOf(r.Transfer),
        r.Transfer?.Module is { Length: > 0 } module ? module : null,
        r.Transfer?.AssessmentDate,
        r.Transfer?.Note[lang] is { Length: > 0 } note ? note : null);

    private static Dictionary<string, PackageRecords> Records(IReadOnlyList<SourceExport> exports)
    {
        // Sources and columns are named by connectors; a name given twice keeps its last value instead of failing the package.
        var records = new Dictionary<string, PackageRecords>(StringComparer.Ordinal);
        foreach (var e in exports)
            records[e.Source] = new PackageRecords(e.Title, e.Origin, e.Columns, [.. e.Rows.Select(row => Row(e.Columns, row))]);
        return records;
    }

    private static Dictionary<string, string?> Row(IReadOnlyList<string> columns, IReadOnlyList<string?> row)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
            values[columns[i]] = i < row.Count ? row[i] : null;
        return values;
    }
}
