using System.Collections.Concurrent;
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

    // The authenticator secret of each account set up here, by app address and e-mail, so a test can
    // sign the same account in again; apps run in parallel on ports of their own.
    private static readonly ConcurrentDictionary<string, string> Secrets = new(StringComparer.Ordinal);

    private static string SecretKey(Uri site, string email) => $"{site.Authority}|{email}";

    /// <summary>The secret an account was enrolled with by <see cref="CreateAsync"/> or a sign-in here.</summary>
    public static string? KnownSecret(Uri site, string email) => Secrets.GetValueOrDefault(SecretKey(site, email));

    public static void Remember(Uri site, string email, string secret) => Secrets[SecretKey(site, email)] = secret;

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
        var secret = (await users.GetAuthenticatorKeyAsync(staff))!;
        Remember(app.BaseAddress, email, secret);
        return secret;
    }

    public static string CurrentCode(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    /// <summary>
    /// Signs in through /admin/login, then the code page when the account has an authenticator, or (unless
    /// <paramref name="enrol"/> is false) the set-up page when its role needs one; returns a client holding the session.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(TestApp app, string email, string? totpSecret = null, string password = Password, bool enrol = true)
    {
        var client = app.CreateClient(cookies: new CookieContainer());
        var response = await PostFormAsync(client, "/admin/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.OriginalString;
        if (path.Contains("/login/two-factor", StringComparison.Ordinal) && (totpSecret ?? KnownSecret(app.BaseAddress, email)) is { } secret)
        {
            response = await PostFormAsync(client, path, new() { ["Code"] = CurrentCode(secret) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else if (path.Contains("/account/two-factor", StringComparison.Ordinal) && enrol)
        {
            var key = SharedKey().Match(await client.GetStringAsync(path));
            Assert.True(key.Success, $"No authenticator key on {path}");
            var enrolled = key.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            response = await PostFormAsync(client, path, new() { ["Code"] = CurrentCode(enrolled) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Remember(app.BaseAddress, email, enrolled);
        }
        return client;
    }

    /// <summary>GETs the page to obtain its anti-forgery token, then posts the form as a browser would.</summary>
    /// <summary>
    /// The same against a Vern process in production mode, whose cookies are Secure: a cookie container would not send
    /// them back over loopback http, so the anti-forgery cookie is carried by hand.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormToProductionAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        using var page = await client.GetAsync(path);
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync());
        Assert.True(token.Success, $"No anti-forgery token on {path}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return await client.SendAsync(post);
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? tokenFrom = null) =>
        PostFormFieldsAsync(client, path, [.. fields], tokenFrom);

    /// <summary>The anti-forgery token of the form on <paramref name="path"/>, for a post built by hand (a file upload).</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(path));
        Assert.True(token.Success, $"No anti-forgery token on {path}");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Posts a form whose fields may repeat, as checkboxes of one name do.</summary>
    public static async Task<HttpResponseMessage> PostFormFieldsAsync(HttpClient client, string path, IReadOnlyList<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No anti-forgery token on {tokenFrom ?? path}");
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]));
    }

    [GeneratedRegex("id=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
