using System.Net;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Staff;

/// <summary>Every role that can see people's personal data needs a second factor, not only privacy officers.</summary>
public sealed class TwoFactorRequirementTests
{
    [Theory]
    [InlineData(StaffRoles.Support, "/admin/subjects")]
    [InlineData(StaffRoles.Support, "/admin/consent/visitor")]
    [InlineData(StaffRoles.PrivacyOfficer, "/admin/subjects")]
    public async Task A_role_that_sees_personal_data_is_refused_on_a_password_alone_until_it_sets_up_two_factor(string role, string page)
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "staff@example.com", role);

        using var passwordOnly = await StaffSessions.SignInAsync(app, "staff@example.com", enrol: false);
        var refused = await passwordOnly.GetAsync(page);
        var enrolment = await passwordOnly.GetStringAsync("/admin/account/two-factor");
        using var enrolled = await StaffSessions.SignInAsync(app, "staff@example.com");

        Assert.Equal("/admin/denied", refused.Headers.Location?.AbsolutePath);
        Assert.Contains($"Your role ({role}) requires two-factor authentication", enrolment, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await enrolled.GetAsync(page)).StatusCode);
    }

    [Theory]
    [InlineData(StaffRoles.Marketing, "/admin/consent")]
    [InlineData(StaffRoles.Auditor, "/admin/audit")]
    public async Task A_role_that_sees_no_personal_data_signs_in_with_a_password(string role, string page)
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "staff@example.com", role);

        using var client = await StaffSessions.SignInAsync(app, "staff@example.com", enrol: false);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
    }
}
