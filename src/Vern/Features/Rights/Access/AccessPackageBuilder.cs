using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

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

    // With the byte order mark, spreadsheets read the file as UTF-8 instead of guessing a legacy code page and garbling æ, ø and å.
    private static readonly UTF8Encoding CsvEncoding = new(encoderShouldEmitUTF8Identifier: true);

    /// <param name="site">The privacy centre's address, for the links in the package (it is opened from a local file,
    /// where relative links lead nowhere); the controller's website when not given.</param>
    public static async Task<byte[]> BuildAsync(
        PrivacyModel model, DataSubject subject, IReadOnlyList<SourceExport> exports, DateTimeOffset createdAt,
        string language, bool portability, Uri? site = null)
    {
        var included = exports
            .Where(e => !portability || e.Portable)
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .ToList();
        var package = new PackageContent(model, subject, included, createdAt, Languages.OrDefault(language), portability, RequestsLink(model, site));
        var page = await HtmlPages.RenderAsync<AccessPackagePage>(new Dictionary<string, object?> { [nameof(PackageContent)] = package });

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "index.html", Encoding.UTF8.GetBytes(page), createdAt);
            Add(zip, "data.json", AccessPackageJson.Serialize(package), createdAt);
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
}

/// <summary>What goes into one package, with the texts both <c>index.html</c> and <c>data.json</c> use.</summary>
internal sealed record PackageContent(
    PrivacyModel Model, DataSubject Subject, IReadOnlyList<SourceExport> Exports, DateTimeOffset CreatedAt,
    string Language, bool Portability, string RequestsLink)
{
    public SectionWords Words { get; } = Text<SectionWords>.In(Language);
    public PackageTexts Texts { get; } = Text<PackageTexts>.In(Language);

    public IReadOnlyList<Purpose> AutomatedPurposes => [.. Model.Purposes.Where(x => x.AutomatedDecisions)];

    /// <summary>Art. 15(1)(h) asks for an answer either way, so "none" is said explicitly.</summary>
    public string AutomatedDecisionsText => AutomatedPurposes.Count == 0
        ? Texts.AutomatedNone
        : string.Format(CultureInfo.InvariantCulture, Texts.AutomatedUsed, string.Join(", ", AutomatedPurposes.Select(x => x.Name[Language])));

    /// <summary>The seven rights, in the order of <see cref="RightsRequestType"/>, with the policy's explanation of each.</summary>
    public IReadOnlyList<(string Key, string Name, string Explanation, string HowToUse)> Rights =>
        [.. WireNames.All<RightsRequestType>().Zip(Words.Rights, (key, right) =>
            (key, right.Name, right.Text, string.Format(CultureInfo.InvariantCulture, Texts.HowToUse, RequestsLink)))];
}
