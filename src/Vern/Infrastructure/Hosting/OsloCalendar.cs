namespace Vern.Infrastructure.Hosting;

/// <summary>Dates as the company and its regulator count them: in Norway's time zone.</summary>
internal static class OsloCalendar
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
