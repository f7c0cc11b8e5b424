using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed class RequestQueueTests
{
    [Fact]
    public async Task Support_sees_the_queue_sorted_by_due_date_with_overdue_requests_marked()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var visitor = app.CreateClient();
        await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "first@example.no" });
        clock.Advance(TimeSpan.FromDays(20));
        await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "second@example.no" });
        clock.Advance(TimeSpan.FromDays(15)); // 14 February: the first (due 10 February) is overdue; the second, received 30 January, is due 28 February
        await StaffSessions.CreateAsync(app, "support@example.com", StaffRoles.Support);
        using var support = await StaffSessions.SignInAsync(app, "support@example.com");

        var page = await support.GetStringAsync("/admin/requests");

        Assert.Contains("2 open requests", page, StringComparison.Ordinal);
        var first = page.IndexOf("2027-02-10", StringComparison.Ordinal);
        var second = page.IndexOf("2027-02-28", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, "sorted by due date");
        Assert.Contains("overdue by 4 d", page, StringComparison.Ordinal);
        Assert.DoesNotContain("first@example.no", page, StringComparison.Ordinal);
    }
}
