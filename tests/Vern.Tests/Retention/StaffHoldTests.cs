using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>A hold a privacy officer places keeps a person from retention until its end date, and then lets go.</summary>
public sealed class StaffHoldTests
{
    private const string Officer = "olga@example.com";

    [Fact]
    public async Task A_staff_hold_keeps_a_due_contact_until_its_end_date_and_then_retention_takes_them()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        await StaffSessions.CreateAsync(app, "sam@example.com", StaffRoles.Support);
        using (var client = app.CreateClient())
        using (var sent = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email = "kari@example.no", message = "Call me." }))
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Guid kari;
        await using (var scope = app.CreateScope())
            kari = (await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync("kari@example.no"))!.Value;

        // Two years later Kari is due, but a dispute needs her records.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 9, 0, 0, TimeSpan.Zero));
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var path = $"/admin/subjects/{kari}/hold";

        var blank = await StaffSessions.PostFormAsync(officer, path, new() { ["Reason"] = " ", ["Until"] = "2029-06-30" });
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("Give the reason for the hold", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var past = await StaffSessions.PostFormAsync(officer, path, new() { ["Reason"] = "Dispute 2029-17", ["Until"] = "2029-01-09" });
        Assert.Contains("The hold must end after today.", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var placed = await StaffSessions.PostFormAsync(officer, path, new() { ["Reason"] = "Dispute 2029-17 before Oslo tingrett", ["Until"] = "2029-06-30" });
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var page = await officer.GetStringAsync(placed.Headers.Location!.OriginalString);
        Assert.Contains("The hold is placed", page, StringComparison.Ordinal);
        Assert.Contains("2029-06-30", page, StringComparison.Ordinal);

        // Support may find people but not place holds.
        using var support = await StaffSessions.SignInAsync(app, "sam@example.com");
        var denied = await support.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/admin/denied", denied.Headers.Location!.AbsolutePath);

        time.SetUtcNow(new DateTimeOffset(2029, 1, 10, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.NotNull(await RevealAsync(app, kari));

        // The hold's last day still keeps her; the day after, it has ended by itself.
        time.SetUtcNow(new DateTimeOffset(2029, 6, 30, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(2029, 7, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Total);
        Assert.Null(await RevealAsync(app, kari));

        await using var check = app.CreateScope();
        var audit = await check.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.SingleAsync(e => e.Action == "subject-hold.placed");
        Assert.Equal(Officer, audit.Actor);
        Assert.Equal("Dispute 2029-17 before Oslo tingrett", audit.Reason);
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    private static async Task<PersonalDetails?> RevealAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId, CancellationToken.None);
    }
}
