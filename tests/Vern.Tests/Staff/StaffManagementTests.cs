using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Staff;

public sealed partial class StaffManagementTests
{
    private const string Officer = "officer@example.com";
    private const string Refused = "The e-mail address or password is wrong.";

    [Fact]
    public async Task A_new_member_chooses_their_own_password_through_the_emailed_link_and_the_officer_never_knows_it()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);

        var form = await officer.GetStringAsync("/admin/staff");
        var added = await StaffSessions.PostFormAsync(officer, "/admin/staff", new() { ["Email"] = "kari@example.com", ["Role"] = "support" });

        Assert.DoesNotContain("type=\"password\"", form, StringComparison.Ordinal);
        Assert.Contains("Created kari@example.com as support", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Until Kari has chosen a password, nothing signs in to the account.
        Assert.Contains(Refused, await SignInPageAsync(app, "kari@example.com", "tidal pools and granite"), StringComparison.Ordinal);

        var mail = Assert.Single(await RequestFlow.OutboxAsync(app), m => m.To.ToString() == "kari@example.com");
        Assert.Equal("Your Vern staff account", mail.Subject);
        using var kari = app.CreateClient(cookies: new CookieContainer());
        var link = SetPasswordLink(mail.TextBody);
        var weak = await SetPasswordAsync(kari, link, "qwertyuiop123");
        var set = await SetPasswordAsync(kari, link, "tidal pools and granite");
        var again = await SetPasswordAsync(kari, link, "another tide entirely");

        Assert.Contains("too common", weak, StringComparison.Ordinal);
        Assert.Contains("Your password is set.", set, StringComparison.Ordinal);
        Assert.Contains("This link is no longer valid", again, StringComparison.Ordinal);
        using var signedIn = await StaffSessions.SignInAsync(app, "kari@example.com", password: "tidal pools and granite");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/admin/subjects")).StatusCode);
        var audit = await officer.GetStringAsync("/admin/audit");
        Assert.Contains("kari@example.com as support", audit, StringComparison.Ordinal);
        Assert.Contains("staff.password-set", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_signs_in_again_once_enabled()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        await StaffSessions.CreateAsync(app, "mia@example.com", StaffRoles.Marketing);
        var id = await IdAsync(app, "mia@example.com");

        var disabled = await ActAsync(officer, "Disable", id);
        var whileDisabled = await SignInPageAsync(app, "mia@example.com", StaffSessions.Password);
        await ActAsync(officer, "Enable", id);

        Assert.Contains("mia@example.com is disabled.", disabled, StringComparison.Ordinal);
        Assert.Contains(Refused, whileDisabled, StringComparison.Ordinal);
        using var mia = await StaffSessions.SignInAsync(app, "mia@example.com");
        Assert.Equal(HttpStatusCode.OK, (await mia.GetAsync("/admin")).StatusCode);
        await AssertAuditedAsync(app, "staff.disabled", "mia@example.com");
        await AssertAuditedAsync(app, "staff.enabled", "mia@example.com");
    }

    [Fact]
    public async Task A_removed_account_is_gone_and_an_officer_cannot_disable_or_remove_their_own()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        await StaffSessions.CreateAsync(app, "mia@example.com", StaffRoles.Marketing);

        var removed = await ActAsync(officer, "Remove", await IdAsync(app, "mia@example.com"));
        var self = await ActAsync(officer, "Disable", await IdAsync(app, Officer));

        Assert.Contains("mia@example.com is removed.", removed, StringComparison.Ordinal);
        Assert.Contains(Refused, await SignInPageAsync(app, "mia@example.com", StaffSessions.Password), StringComparison.Ordinal);
        Assert.Contains("You cannot do this to your own account", self, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("mia@example.com"));
        await AssertAuditedAsync(app, "staff.removed", "mia@example.com");
    }

    [Fact]
    public async Task A_password_reset_stops_the_old_password_at_once_and_the_owner_sets_a_new_one_by_link()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        await StaffSessions.CreateAsync(app, "mia@example.com", StaffRoles.Marketing);

        await ActAsync(officer, "ResetPassword", await IdAsync(app, "mia@example.com"));

        Assert.Contains(Refused, await SignInPageAsync(app, "mia@example.com", StaffSessions.Password), StringComparison.Ordinal);
        var mail = Assert.Single(await RequestFlow.OutboxAsync(app), m => m.To.ToString() == "mia@example.com");
        Assert.Equal("Set a new password for Vern", mail.Subject);
        using var mia = app.CreateClient(cookies: new CookieContainer());
        Assert.Contains("Your password is set.", await SetPasswordAsync(mia, SetPasswordLink(mail.TextBody), "salt marsh at low water"), StringComparison.Ordinal);
        using var signedIn = await StaffSessions.SignInAsync(app, "mia@example.com", password: "salt marsh at low water");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/admin")).StatusCode);
        await AssertAuditedAsync(app, "staff.password-reset", "mia@example.com");
    }

    [Fact]
    public async Task After_a_two_factor_reset_the_old_authenticator_no_longer_signs_in_and_the_next_sign_in_sets_up_a_new_one()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        var oldSecret = await StaffSessions.CreateAsync(app, "sam@example.com", StaffRoles.Support, withAuthenticator: true);

        await ActAsync(officer, "ResetTwoFactor", await IdAsync(app, "sam@example.com"));

        using var sam = await StaffSessions.SignInAsync(app, "sam@example.com", enrol: false);
        var enrolment = await sam.GetStringAsync("/admin/account/two-factor");
        Assert.Contains("Your role (support) requires two-factor authentication", enrolment, StringComparison.Ordinal);
        var newKey = SharedKey().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEqual(oldSecret, newKey);
        var oldCode = await StaffSessions.PostFormAsync(sam, "/admin/account/two-factor", new() { ["Code"] = StaffSessions.CurrentCode(oldSecret!) });
        Assert.Contains("That code is not valid", await oldCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertAuditedAsync(app, "staff.two-factor-reset", "sam@example.com");
    }

    [Fact]
    public async Task Sessions_already_open_end_within_five_minutes_once_the_account_is_disabled_reset_or_removed()
    {
        // The clock starts now and moves only when told: a session is checked against its account at most every 5 minutes.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var officer = await OfficerAsync(app);
        var sessions = new Dictionary<string, HttpClient>();
        foreach (var (email, handler) in new[] { ("mia@example.com", "Disable"), ("noah@example.com", "ResetPassword"), ("ola@example.com", "Remove") })
        {
            await StaffSessions.CreateAsync(app, email, StaffRoles.Marketing);
            sessions[email] = await StaffSessions.SignInAsync(app, email);
            Assert.Equal(HttpStatusCode.OK, (await sessions[email].GetAsync("/admin")).StatusCode);
            await ActAsync(officer, handler, await IdAsync(app, email));
        }

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        foreach (var (email, session) in sessions)
        {
            using (session)
            using (var page = await session.GetAsync("/admin"))
            {
                Assert.True(page.StatusCode == HttpStatusCode.Redirect, $"The open session of {email} still answered {page.StatusCode}.");
                Assert.Equal("/admin/login", page.Headers.Location!.AbsolutePath);
            }
        }
        // The officer's own session, checked as well, goes on.
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/admin/staff")).StatusCode);
    }

    private static async Task<HttpClient> OfficerAsync(TestApp app)
    {
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        return await StaffSessions.SignInAsync(app, Officer, secret);
    }

    private static async Task<string> ActAsync(HttpClient officer, string handler, string id)
    {
        var response = await StaffSessions.PostFormAsync(officer, $"/admin/staff?handler={handler}", new() { ["Id"] = id }, tokenFrom: "/admin/staff");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> IdAsync(TestApp app, string email)
    {
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>The login page after posting the address and password: what anyone trying them sees.</summary>
    internal static async Task<string> SignInPageAsync(TestApp app, string email, string password)
    {
        using var client = app.CreateClient(cookies: new CookieContainer());
        var response = await StaffSessions.PostFormAsync(client, "/admin/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Uri SetPasswordLink(string? text) => new(SetPasswordUrl().Match(text ?? "").Value);

    private static async Task<string> SetPasswordAsync(HttpClient client, Uri link, string password)
    {
        var query = HttpUtility.ParseQueryString(link.Query);
        var response = await StaffSessions.PostFormAsync(client, "/admin/account/set-password",
            new() { ["Id"] = query["id"]!, ["Token"] = query["token"]!, ["Password"] = password }, tokenFrom: link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AssertAuditedAsync(TestApp app, string action, string details)
    {
        await using var scope = app.CreateScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.SingleAsync(e => e.Action == action);
        Assert.Equal(Officer, entry.Actor);
        Assert.Equal(details, entry.Details);
    }

    [GeneratedRegex(@"https?://\S+/admin/account/set-password\?\S+")]
    private static partial Regex SetPasswordUrl();

    [GeneratedRegex("id=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex SharedKey();
}
