using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Staff;

/// <summary>The login page must not tell a stranger which addresses have accounts, by its words or its timing.</summary>
public sealed class SignInAnswerTests
{
    private const string Refused = "The e-mail address or password is wrong.";

    [Fact]
    public async Task Unknown_wrong_locked_disabled_and_not_yet_set_up_accounts_get_the_same_page()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "mia@example.com", StaffRoles.Marketing);
        await StaffSessions.CreateAsync(app, "locked@example.com", StaffRoles.Marketing);
        await StaffSessions.CreateAsync(app, "disabled@example.com", StaffRoles.Marketing);
        await using (var scope = app.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.True((await accounts.DisableAsync((await users.FindByEmailAsync("disabled@example.com"))!, "test")).Succeeded);
            Assert.True((await accounts.CreateAsync("invited@example.com", StaffRoles.Marketing, password: null, "test")).Succeeded);
        }
        for (var attempt = 0; attempt < 5; attempt++)
            await StaffManagementTests.SignInPageAsync(app, "locked@example.com", "not the passphrase " + attempt);

        var pages = new Dictionary<string, string>
        {
            ["unknown"] = await StaffManagementTests.SignInPageAsync(app, "nobody@example.com", StaffSessions.Password),
            ["wrong"] = await StaffManagementTests.SignInPageAsync(app, "mia@example.com", "not the passphrase"),
            ["locked, right password"] = await StaffManagementTests.SignInPageAsync(app, "locked@example.com", StaffSessions.Password),
            ["disabled, right password"] = await StaffManagementTests.SignInPageAsync(app, "disabled@example.com", StaffSessions.Password),
            ["invited"] = await StaffManagementTests.SignInPageAsync(app, "invited@example.com", StaffSessions.Password),
        };

        foreach (var (who, page) in pages)
        {
            Assert.Contains($"<p class=\"error\" role=\"alert\">{Refused}</p>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("locked", Normalise(page), StringComparison.OrdinalIgnoreCase);
            // Apart from the address typed back and the form's anti-forgery token, the pages are identical.
            Assert.True(Normalise(page) == Normalise(pages["unknown"]), $"The page for {who} differs from the one for an unknown address.");
        }
    }

    [Fact]
    public async Task An_unknown_address_takes_as_long_to_refuse_as_a_wrong_password()
    {
        await using var app = await TestApp.StartAsync();
        // Five wrong passwords lock an account, so the wrong guesses are spread over accounts, four each.
        var known = Enumerable.Range(0, 4).Select(i => $"staff{i}@example.com").ToList();
        foreach (var email in known)
            await StaffSessions.CreateAsync(app, email, StaffRoles.Marketing);
        await StaffManagementTests.SignInPageAsync(app, "warm-up@example.com", "warm up the server");

        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 16; i++)
        {
            // Alternating, so a machine that slows down or speeds up meanwhile weighs on both alike.
            unknown.Add(await TimeAsync(app, $"nobody{i}@example.com"));
            wrong.Add(await TimeAsync(app, known[i % known.Count]));
        }

        var ratio = Median(wrong) / Median(unknown);
        // Checking a password hash is most of the work of a refusal; skipping it for unknown addresses
        // makes them answer several times faster. The bound leaves room for a busy, shared machine.
        Assert.True(ratio is > 0.5 and < 2, $"Median wrong password {Median(wrong):F1} ms, unknown address {Median(unknown):F1} ms (ratio {ratio:F2}).");
    }

    private static async Task<double> TimeAsync(TestApp app, string email)
    {
        using var client = app.CreateClient(cookies: new CookieContainer());
        // The form's token is fetched first, so only the POST is timed.
        var page = await client.GetStringAsync("/admin/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = "not the passphrase", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/admin/login", form);
        clock.Stop();
        Assert.Contains(Refused, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Normalise(string page) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", ""),
            "name=\"Email\" type=\"email\" autocomplete=\"username\" required value=\"[^\"]*\"", "");
}
