using Vern.Features.Rights;

namespace Vern.Tests.Rights;

public sealed class DeadlineTests
{
    [Theory]
    [InlineData("2027-01-15T10:00:00Z", "2027-02-15")]
    [InlineData("2027-01-31T10:00:00Z", "2027-02-28")] // clamped to the end of a shorter month
    [InlineData("2028-01-31T10:00:00Z", "2028-02-29")] // leap year
    [InlineData("2027-03-31T10:00:00Z", "2027-04-30")]
    [InlineData("2026-12-31T23:30:00Z", "2027-02-01")] // already 1 January in Oslo
    [InlineData("2027-06-30T22:30:00Z", "2027-08-01")] // summer time: 1 July 00:30 in Oslo
    public void A_request_is_due_one_calendar_month_after_receipt_in_Oslo(string received, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            Deadlines.DueDate(DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void An_extension_adds_up_to_two_further_months()
    {
        Assert.Equal(new DateOnly(2027, 4, 30), Deadlines.DueDate(new DateTimeOffset(2027, 1, 31, 9, 0, 0, TimeSpan.Zero), months: 3));
    }
}
