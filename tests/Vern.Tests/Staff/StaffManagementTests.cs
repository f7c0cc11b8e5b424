using System.Net;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Staff;

public sealed class StaffManagementTests
{
    [Fact]
    public async Task A_privacy_officer_adds_a_support_member_who_can_then_sign_in_and_the_addition_is_audited()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "officer@example.com", secret);

        var weak = await StaffSessions.PostFormAsync(officer, "/admin/staff", new() { ["Email"] = "kari@example.com", ["Role"] = "support", ["Password"] = "qwertyuiop123" });
        var added = await StaffSessions.PostFormAsync(officer, "/admin/staff", new() { ["Email"] = "kari@example.com", ["Role"] = "support", ["Password"] = "tidal pools and granite" });

        Assert.Contains("too common", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await added.Content.ReadAsStringAsync();
        Assert.Contains("Created kari@example.com as support", page, StringComparison.Ordinal);
        using var kari = await StaffSessions.SignInAsync(app, "kari@example.com", password: "tidal pools and granite");
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync("/admin/subjects")).StatusCode);
        var audit = await officer.GetStringAsync("/admin/audit?Action=staff.created");
        Assert.Contains("kari@example.com as support", audit, StringComparison.Ordinal);
        Assert.Contains("officer@example.com", audit, StringComparison.Ordinal);
    }
}
