using System.Text;
using Vern.Features.Rights.Sources;

namespace Vern.Features.Rights.Access;

/// <summary>
/// One source's records as CSV (RFC 4180: comma-separated, CRLF line ends, header row first, fields
/// quoted when they hold a comma, quote or line break, quotes doubled).
/// </summary>
internal static class PackageCsv
{
    public static string Write(SourceExport export)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', export.Columns.Select(Field)).Append("\r\n");
        foreach (var row in export.Rows)
            csv.AppendJoin(',', export.Columns.Select((_, i) => Field(i < row.Count ? row[i] : null))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>
    /// The values came from people (form fields, e-mail addresses, names), and the file will most likely
    /// be opened in a spreadsheet, which runs a cell starting with = + - @ (or a tab or carriage return,
    /// which some spreadsheets skip before reading a formula) as a formula: <c>=HYPERLINK(...)</c> in a
    /// name could send the person's data elsewhere. An apostrophe in front makes the cell plain text,
    /// which is what OWASP recommends against CSV injection; <c>data.json</c> keeps the exact values.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var text = Neutralise(value);
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
