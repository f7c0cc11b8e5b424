namespace Vern.Features.Policies;

/// <summary>Dates as the company and its regulator count them: in Norway's time zone.</summary>
internal static class OsloCalendar
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
}
