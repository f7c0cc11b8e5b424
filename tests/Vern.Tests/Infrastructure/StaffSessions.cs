using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Vern.Features.Staff;

namespace Vern.Tests.Infrastructure;

/// <summary>Creates staff accounts and signs them in through the real login pages.</summary>
public static partial class StaffSessions
{
    public const string Password = "a quiet harbour at dawn";

    /// <summary>Creates an account; with <paramref name="withAuthenticator"/>, returns the TOTP secret it was enrolled with.</summary>
    public static async Task<string?> CreateAsync(TestApp app, string email, string? role, bool withAuthenticator = false)
    {
        await using var scope = app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        if (role is null)
        {
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        }
        else
        {
            var created = await accounts.CreateAsync(email, role, Password, "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        if (!withAuthenticator)
            return null;
        var staff = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(staff);
        await users.SetTwoFactorEnabledAsync(staff, true);
        return await users.GetAuthenticatorKeyAsync(staff);
    }

    public static string CurrentCode(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    /// <summary>Signs in through /admin/login (and the two-factor page when needed); returns a client holding the session.</summary>
    public static async Task<HttpClient> SignInAsync(TestApp app, string email, string? totpSecret = null, string password = Password)
    {
        var client = app.CreateClient(cookies: new CookieContainer());
        var response = await PostFormAsync(client, "/admin/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location!.OriginalString.Contains("two-factor", StringComparison.Ordinal) && totpSecret is not null)
        {
            var path = response.Headers.Location.OriginalString;
            response = await PostFormAsync(client, path, new() { ["Code"] = CurrentCode(totpSecret) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return client;
    }

    /// <summary>GETs the page to obtain its anti-forgery token, then posts the form as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No anti-forgery token on {tokenFrom ?? path}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
