namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 12(3): an answer within one month of receipt. Counted in Norway's calendar: a request
/// received on 31 January is due on the last day of February.
/// </summary>
internal static class Deadlines
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly DueDate(DateTimeOffset receivedAt, int months = 1)
    {
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, Oslo).DateTime);
        // DateOnly.AddMonths clamps to the end of a shorter month.
        return local.AddMonths(months);
    }
}
