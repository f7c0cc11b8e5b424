using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 12(3): an answer within one month of receipt. Counted in Norway's calendar: a request
/// received on 31 January is due on the last day of February.
/// </summary>
internal static class Deadlines
{
    // DateOnly.AddMonths clamps to the end of a shorter month.
    public static DateOnly DueDate(DateTimeOffset receivedAt, int months = 1) => OsloCalendar.DateOf(receivedAt).AddMonths(months);
}
