using System.Globalization;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// An instant as the exports write it: ISO 8601 in UTC to the second (<c>2026-12-06T16:12:34Z</c>), the same in every
/// access package, CSV and record, whatever the server's culture.
/// </summary>
internal static class UtcInstants
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTime? utc) => utc is { } at ? Format(at) : null;
}
