using System.Text;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// The one way Vern writes CSV (RFC 4180: comma-separated, CRLF line ends, header row first, fields
/// quoted when they hold a comma, quote or line break, quotes doubled), so every file it hands out
/// is safe to open in a spreadsheet.
/// </summary>
internal static class CsvWriter
{
    /// <summary>The header and rows as one CSV text; a missing cell at the end of a row is written empty.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header.Select(Field)).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', header.Select((_, i) => Field(i < row.Count ? row[i] : null))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>
    /// A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return, which some skip
    /// before reading a formula) as a formula: <c>=HYPERLINK(...)</c> in a name or a purpose could send
    /// data elsewhere. An apostrophe in front makes the cell plain text, as OWASP recommends against CSV
    /// injection; the JSON exports keep the exact values.
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
