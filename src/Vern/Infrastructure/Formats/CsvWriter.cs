using System.Globalization;
using CsvHelper.Configuration;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// The one way Vern writes CSV: CsvHelper's RFC 4180 writer (comma-separated, CRLF line ends, header
/// row first, fields quoted when they hold a comma, quote or line break, quotes doubled), so every
/// file it hands out is safe to open in a spreadsheet.
/// </summary>
internal static class CsvWriter
{
    /// <summary>
    /// A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return, which some skip
    /// before reading a formula) as a formula: <c>=HYPERLINK(...)</c> in a name or a purpose could send
    /// data elsewhere. CsvHelper puts an apostrophe in front, which makes the cell plain text, as OWASP
    /// recommends against CSV injection; the JSON exports keep the exact values.
    /// </summary>
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    /// <summary>The header and rows as one CSV text; a missing cell at the end of a row is written empty.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvHelper.CsvWriter(text, Configuration))
        {
            foreach (var name in header)
                csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                for (var i = 0; i < header.Count; i++)
                    csv.WriteField(i < row.Count ? row[i] ?? "" : "");
                csv.NextRecord();
            }
        }
        return text.ToString();
    }
}
