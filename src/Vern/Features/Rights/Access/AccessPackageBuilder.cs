using System.Globalization;
using System.IO.Compression;
using System.Text;
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
/// Builds the ZIP a person receives for an access (Art. 15) or portability (Art. 20) request:
/// <c>index.html</c> for people, <c>data.json</c> for machines and <c>csv/&lt;source&gt;.csv</c> per
/// source. The explanations come from the privacy model with the policy's wording, so the package
/// tells the person exactly what the privacy policy says.
/// </summary>
internal static class AccessPackageBuilder
{
    /// <summary>The top-level keys of an access package's <c>data.json</c> that the public contract promises.</summary>
    public static readonly IReadOnlyList<string> ContractKeys =
        ["subject", "purposes", "categories", "recipients", "transfers", "retention", "sources", "rights", "complaint", "automatedDecisions", "records"];

    // Every character but the markup-significant ones stays as it is, so Norwegian letters are readable
    // in the file; < > & ' " are escaped, so a value can never break out if the JSON is embedded somewhere.
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    // With the byte order mark, spreadsheets read the file as UTF-8 instead of guessing a legacy code page and garbling æ, ø and å.
    private static readonly UTF8Encoding CsvEncoding = new(encoderShouldEmitUTF8Identifier: true);

    /// <param name="site">The privacy centre's address, for the links in the package (it is opened from a local file,
    /// where relative links lead nowhere); the controller's website when not given.</param>
    public static byte[] Build(
        PrivacyModel model, DataSubject subject, IReadOnlyList<SourceExport> exports, DateTimeOffset createdAt,
        string language, bool portability, Uri? site = null)
    {
        var included = exports
            .Where(e => !portability || e.Portable)
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .ToList();
        var package = new PackageContent(model, subject, included, createdAt, language == "nb" ? "nb" : "en", portability, RequestsLink(model, site));

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "index.html", Encoding.UTF8.GetBytes(AccessPackageHtml.Write(package)), createdAt);
            Add(zip, "data.json", DataJson(package), createdAt);
            foreach (var export in included)
                Add(zip, $"csv/{FileName(export.Source)}.csv", CsvEncoding.GetPreamble().Concat(CsvEncoding.GetBytes(CsvWriter.Write(export.Columns, export.Rows))).ToArray(), createdAt);
        }
        return stream.ToArray();
    }

    /// <summary>A source name as a file name: external connectors name themselves, so nothing may lead out of <c>csv/</c>.</summary>
    public static string FileName(string source)
    {
        var name = new string([.. source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return name.Length == 0 ? "source" : name;
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset createdAt)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        // A fixed time makes the same content give the same bytes, and says when the package was made.
        entry.LastWriteTime = createdAt;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string RequestsLink(PrivacyModel model, Uri? site)
    {
        var baseUri = site ?? (Uri.TryCreate(model.Controller.Website, UriKind.Absolute, out var website) ? website : null);
        return baseUri is null ? "/privacy/requests" : new Uri(baseUri, "/privacy/requests").ToString();
    }

    private static byte[] DataJson(PackageContent p)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            if (!p.Portability)
            {
                json.WriteString("generatedAt", p.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("language", p.Language);
                WriteController(json, p.Model.Controller);
            }
            WriteSubject(json, p.Subject);
            if (!p.Portability)
            {
                WritePurposes(json, p);
                WriteCategories(json, p);
                WriteRecipients(json, p);
                WriteTransfers(json, p);
                WriteRetention(json, p);
                WriteSources(json, p);
                WriteRights(json, p);
                WriteComplaint(json, p);
                WriteAutomatedDecisions(json, p);
            }
            WriteRecords(json, p);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteController(Utf8JsonWriter json, Controller c)
    {
        json.WriteStartObject("controller");
        json.WriteString("name", c.Name);
        json.WriteString("organisationNumber", c.OrganisationNumber);
        json.WriteString("address", c.Address);
        json.WriteString("email", c.Email);
        json.WriteString("website", c.Website);
        json.WriteString("protectionOfficer", c.ProtectionOfficer);
        json.WriteEndObject();
    }

    private static void WriteSubject(Utf8JsonWriter json, DataSubject subject)
    {
        json.WriteStartObject("subject");
        json.WriteString("id", subject.Id);
        json.WriteString("email", subject.Email);
        json.WriteStartArray("visitorIds");
        foreach (var id in subject.VisitorIds)
            json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePurposes(Utf8JsonWriter json, PackageContent p)
    {
        var (lang, w) = (p.Language, p.Words);
        json.WriteStartArray("purposes");
        foreach (var purpose in p.Model.Purposes)
        {
            json.WriteStartObject();
            json.WriteString("id", purpose.Id);
            json.WriteString("name", purpose.Name[lang]);
            json.WriteString("description", purpose.Description[lang]);
            var (key, _, article, _) = LegalBasisTerms.Of(purpose.LegalBasis);
            json.WriteStartObject("legalBasis");
            json.WriteString("basis", key);
            json.WriteString("article", article);
            json.WriteString("explanation", w.Basis(purpose.LegalBasis));
            if (purpose.LegitimateInterest is { } li)
                json.WriteString("interest", li.Interest[lang]);
            json.WriteEndObject();
            WriteStrings(json, "categories", purpose.Categories);
            json.WriteString("source", purpose.Source[lang]);
            WriteStrings(json, "recipients", purpose.Recipients);
            json.WriteString("retention", purpose.Retention);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteCategories(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("categories");
        foreach (var category in p.Model.Categories)
        {
            json.WriteStartObject();
            json.WriteString("id", category.Id);
            json.WriteString("name", category.Name[p.Language]);
            json.WriteString("description", category.Description[p.Language]);
            json.WriteBoolean("special", category.Special);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteRecipients(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("recipients");
        foreach (var r in p.Model.Recipients)
        {
            json.WriteStartObject();
            json.WriteString("id", r.Id);
            json.WriteString("name", r.Name);
            json.WriteString("role", p.Words.RoleName(r.Role));
            json.WriteString("country", r.Country);
            json.WriteString("countryName", CountryNames.Name(r.Country, p.Language));
            json.WriteString("service", r.Service[p.Language]);
            WriteStrings(json, "purposes", p.Model.Purposes.Where(x => x.Recipients.Contains(r.Id)).Select(x => x.Id));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteTransfers(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("transfers");
        foreach (var r in p.Model.Recipients.Where(r => r.OutsideEea))
        {
            json.WriteStartObject();
            json.WriteString("recipient", r.Name);
            json.WriteString("country", r.Country);
            json.WriteString("mechanism", r.Transfer?.Mechanism switch
            {
                TransferMechanism.Adequacy => "adequacy",
                TransferMechanism.DataPrivacyFramework => "dpf",
                TransferMechanism.StandardContractualClauses => "scc",
                _ => null,
            });
            json.WriteString("safeguard", p.Words.SafeguardOf(r.Transfer));
            if (r.Transfer?.Module is { Length: > 0 } module)
                json.WriteString("sccModule", module);
            if (r.Transfer?.AssessmentDate is { } assessed)
                json.WriteString("assessedOn", assessed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (r.Transfer?.Note[p.Language] is { Length: > 0 } note)
                json.WriteString("note", note);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteRetention(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("retention");
        foreach (var rule in p.Model.Retention)
        {
            json.WriteStartObject();
            json.WriteString("rule", rule.Id);
            json.WriteString("period", rule.Period);
            json.WriteString("summary", ProcessingSections.RuleInWords(rule, p.Words));
            json.WriteString("description", rule.Description[p.Language]);
            if (rule.LegalHold is { } hold)
            {
                json.WriteStartObject("legalHold");
                json.WriteString("law", hold.Law);
                json.WriteString("period", hold.Period);
                json.WriteString("description", hold.Description[p.Language]);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteSources(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("sources");
        foreach (var e in p.Exports)
        {
            json.WriteStartObject();
            json.WriteString("source", e.Source);
            json.WriteString("title", e.Title);
            json.WriteString("origin", e.Origin);
            json.WriteNumber("recordCount", e.Rows.Count);
            json.WriteBoolean("portable", e.Portable);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteRights(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartArray("rights");
        foreach (var right in p.Rights)
        {
            json.WriteStartObject();
            json.WriteString("right", right.Key);
            json.WriteString("name", right.Name);
            json.WriteString("explanation", right.Explanation);
            json.WriteString("howToUse", right.HowToUse);
            json.WriteString("link", p.RequestsLink);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteComplaint(Utf8JsonWriter json, PackageContent p)
    {
        var a = p.Model.Authority;
        json.WriteStartObject("complaint");
        json.WriteString("authority", a.Name);
        json.WriteString("address", a.Address);
        json.WriteString("website", a.Website);
        json.WriteString("complaintUrl", a.ComplaintUrl);
        json.WriteString("explanation", p.Words.ComplaintIntro);
        json.WriteEndObject();
    }

    private static void WriteAutomatedDecisions(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartObject("automatedDecisions");
        json.WriteBoolean("used", p.AutomatedPurposes.Count > 0);
        if (p.AutomatedPurposes.Count > 0)
            WriteStrings(json, "purposes", p.AutomatedPurposes.Select(x => x.Id));
        json.WriteString("explanation", p.AutomatedDecisionsText);
        json.WriteEndObject();
    }

    private static void WriteRecords(Utf8JsonWriter json, PackageContent p)
    {
        json.WriteStartObject("records");
        foreach (var e in p.Exports)
        {
            json.WriteStartObject(e.Source);
            json.WriteString("title", e.Title);
            json.WriteString("origin", e.Origin);
            WriteStrings(json, "columns", e.Columns);
            json.WriteStartArray("rows");
            foreach (var row in e.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < e.Columns.Count; i++)
                    json.WriteString(e.Columns[i], i < row.Count ? row[i] : null);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}

/// <summary>What goes into one package, with the texts both <c>index.html</c> and <c>data.json</c> use.</summary>
internal sealed record PackageContent(
    PrivacyModel Model, DataSubject Subject, IReadOnlyList<SourceExport> Exports, DateTimeOffset CreatedAt,
    string Language, bool Portability, string RequestsLink)
{
    public SectionWords Words { get; } = SectionWords.For(Language);
    public PackageTexts Texts { get; } = PackageTexts.For(Language);

    public IReadOnlyList<Purpose> AutomatedPurposes => [.. Model.Purposes.Where(x => x.AutomatedDecisions)];

    /// <summary>Art. 15(1)(h) asks for an answer either way, so "none" is said explicitly.</summary>
    public string AutomatedDecisionsText => AutomatedPurposes.Count == 0
        ? Texts.AutomatedNone
        : string.Format(CultureInfo.InvariantCulture, Texts.AutomatedUsed, string.Join(", ", AutomatedPurposes.Select(x => x.Name[Language])));

    /// <summary>The seven rights, in the order of <see cref="RightsRequestTypes.All"/>, with the policy's explanation of each.</summary>
    public IReadOnlyList<(string Key, string Name, string Explanation, string HowToUse)> Rights =>
        [.. RightsRequestTypes.All.Zip(Words.Rights, (key, right) =>
            (key, right.Name, right.Text, string.Format(CultureInfo.InvariantCulture, Texts.HowToUse, RequestsLink)))];
}
