using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vern.Features.Ropa;

/// <summary>
/// The records as JSON: camelCase, fields in declaration order, nulls written so every entry has
/// the same shape, LF line ends and a final newline, so two exports of one model version differ only
/// in their generation date.
/// </summary>
internal static class RopaJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        // Names such as "Bookkeeping Act § 13" and "+47" stay readable; the file is downloaded as
        // application/json with nosniff, never embedded in a page, so HTML-safe escaping buys nothing.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(RecordsOfProcessing records) => JsonSerializer.Serialize(records, Options) + "\n";
}
