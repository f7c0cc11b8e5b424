using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Staff;

/// <summary>
/// A staff form sent with its fields left empty answers with its page and a message, never a 500: the
/// framework binds an empty field as null, and browsers without form validation, scripts and scanners
/// all send empty fields.
/// </summary>
public sealed class EmptyFieldTests
{
    private const string Officer = "officer@example.com";
    private const string NotValid = "That code is not valid.";

    [Fact]
    public async Task Signing_in_with_an_empty_address_and_password_is_refused_like_a_wrong_password()
    {
        await using var app = await TestApp.StartAsync();

        var page = await StaffManagementTests.SignInPageAsync(app, "", "");

        Assert.Contains("The e-mail address or password is wrong.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_code_at_sign_in_and_at_enrolment_is_not_valid()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "mia@example.com", StaffRoles.Support, withAuthenticator: true);
        await StaffSessions.CreateAsync(app, "kari@example.com", StaffRoles.Support);
        using var mia = app.CreateClient(cookies: new CookieContainer());
        var password = await StaffSessions.PostFormAsync(mia, "/admin/login", new() { ["Email"] = "mia@example.com", ["Password"] = StaffSessions.Password });
        using var kari = await StaffSessions.SignInAsync(app, "kari@example.com", enrol: false);

        var atSignIn = await StaffSessions.PostFormAsync(mia, password.Headers.Location!.OriginalString, new() { ["Code"] = "" });
        var atEnrolment = await StaffSessions.PostFormAsync(kari, "/admin/account/two-factor", new() { ["Code"] = "" });

        Assert.Equal(HttpStatusCode.OK, atSignIn.StatusCode);
        Assert.Contains(NotValid, await atSignIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, atEnrolment.StatusCode);
        Assert.Contains(NotValid, await atEnrolment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_password_link_sent_without_a_password_asks_for_one_and_keeps_working()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "kari@example.com", StaffRoles.Support);
        string id, token;
        await using (var scope = app.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var kari = (await users.FindByEmailAsync("kari@example.com"))!;
            (id, token) = (kari.Id, await users.GeneratePasswordResetTokenAsync(kari));
        }
        var link = $"/admin/account/set-password?Id={id}&Token={Uri.EscapeDataString(token)}";
        using var client = app.CreateClient(cookies: new CookieContainer());

        var empty = await StaffSessions.PostFormAsync(client, "/admin/account/set-password", new() { ["Id"] = id, ["Token"] = token, ["Password"] = "" }, tokenFrom: link);
        var set = await StaffSessions.PostFormAsync(client, "/admin/account/set-password", new() { ["Id"] = id, ["Token"] = token, ["Password"] = "tidal pools and granite" }, tokenFrom: link);

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("class=\"error\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Your password is set.", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_who_sends_an_empty_address_or_definition_is_told_what_is_wrong()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);

        var staff = await StaffSessions.PostFormAsync(officer, "/admin/staff", new() { ["Email"] = "", ["Role"] = StaffRoles.Support });
        var model = await StaffSessions.PostFormAsync(officer, "/admin/model", new() { ["Yaml"] = "" });

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains("class=\"error\"", await staff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Contains("Not saved", await model.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
