using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// A customer's own system forwards its users' requests through the API with a key its contact issued in the portal:
/// the key acts for that customer alone, answers go to the contact who issued it, and a revoked key, another
/// customer's request or a bad body are refused with problem details, writing nothing.
/// </summary>
public sealed partial class ForwardByApiTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Siri = "siri@fjordbikes.example";
    private const string Api = "/api/v1/processor/requests";

    [Fact]
    public async Task A_customers_system_forwards_a_request_with_its_key_and_reaches_nothing_of_another_customer()
    {
        await using var product = await FakeServer.StartAsync(_ => new Reply(200, """{"outcome":"done","detail":"2 events deleted"}"""));
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = "product-secret-for-tests";
        settings["Customers:Product:AllowHttp"] = "true";
        await using var app = await TestApp.StartAsync(settings: settings);
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var fjord = await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", Siri);
        using var karin = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        using var siri = await CustomerPortalTests.SignInAsync(app, smtp, Siri);
        const string page = "/customers/portal/requests";

        // A key needs a name, and only for one's own customer.
        using (var unnamed = await StaffSessions.PostFormAsync(karin, page + "?handler=issueKey", new() { ["CustomerId"] = lindqvist.ToString(), ["KeyName"] = " " }, tokenFrom: page))
            Assert.Contains("id=\"key-error\"", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var foreign = await StaffSessions.PostFormAsync(karin, page + "?handler=issueKey", new() { ["CustomerId"] = fjord.ToString(), ["KeyName"] = "Shop backend" }, tokenFrom: page))
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        var karinsKey = await IssueAsync(karin, lindqvist, "Shop backend");
        var sirisKey = await IssueAsync(siri, fjord, "Support desk");
        Assert.Contains("Shop backend (Lindqvist Retail AB", await karin.GetStringAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain(karinsKey, await karin.GetStringAsync(page), StringComparison.Ordinal);

        using var system = app.CreateClient();
        // No key, an unknown key: 401 with problem details, nothing written.
        using (var none = await system.PostAsJsonAsync(Api, new { kind = "erasure", endUser = "user-4711" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(system, "vck_not-a-key-of-ours", new { kind = "erasure", endUser = "user-4711" })).StatusCode);
        // A bad kind: refused naming the field.
        using (var bad = await SendAsync(system, karinsKey, new { kind = "delete-everything", endUser = "user-4711" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("kind", out _));
        }
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.False(await db.ForwardedRequests.AnyAsync());

        // Karin's key forwards for Lindqvist: the product is asked for that tenant, done within the deadline, and Karin is told.
        using var accepted = await SendAsync(system, karinsKey, new { kind = "erasure", endUser = "user-4711" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var answer = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("erasure", "done", "2 events deleted"), (answer.GetProperty("kind").GetString(), answer.GetProperty("status").GetString(), answer.GetProperty("outcome").GetString()));
        Assert.Equal($"{Api}/{answer.GetProperty("id").GetString()}", accepted.Headers.Location?.OriginalString);
        Assert.Contains(lindqvist.ToString(), product.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Single(await MailAsync(smtp, Karin, "Answered: the erasure request you forwarded for Lindqvist Retail AB"));

        // Siri's key does not reach Lindqvist's request; Karin's does. Revoked, Karin's key is refused.
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(system, sirisKey, location)).StatusCode);
        using (var own = await GetAsync(system, karinsKey, location))
            Assert.Equal("done", JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        var keyId = await db.CustomerApiKeys.AsNoTracking().Where(k => k.CustomerId == lindqvist).Select(k => k.Id).SingleAsync();
        using (var revoked = await StaffSessions.PostFormAsync(karin, page + $"?handler=revokeKey&key={keyId}", [], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(system, karinsKey, new { kind = "access", endUser = "user-4711" })).StatusCode);
        Assert.Equal(1, await db.ForwardedRequests.CountAsync());
        Assert.DoesNotContain(karinsKey[12..], string.Join("\n", await db.AuditEntries.Select(e => e.Details ?? "").ToListAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_result_is_handed_to_the_customers_system_once_and_never_to_another_customers_key()
    {
        await using var product = await FakeServer.StartAsync(_ => new Reply(200, """{"outcome":"done","detail":"3 events","export":{"events":[{"page":"/basket"}]}}"""));
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = "product-secret-for-tests";
        settings["Customers:Product:AllowHttp"] = "true";
        await using var app = await TestApp.StartAsync(settings: settings);
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var fjord = await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", Siri);
        using var karin = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        using var siri = await CustomerPortalTests.SignInAsync(app, smtp, Siri);
        var karinsKey = await IssueAsync(karin, lindqvist, "Shop backend");
        var sirisKey = await IssueAsync(siri, fjord, "Support desk");
        using var system = app.CreateClient();

        using var accepted = await SendAsync(system, karinsKey, new { kind = "access", endUser = "user-4711" });
        var answer = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("done", true), (answer.GetProperty("status").GetString(), answer.GetProperty("resultWaiting").GetBoolean()));
        var result = accepted.Headers.Location!.OriginalString + "/result";

        // Another customer's key, or none, gets nothing; the customer's own key gets the product's answer, once.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(system, sirisKey, result)).StatusCode);
        using (var anonymous = await system.GetAsync(result))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var handed = await GetAsync(system, karinsKey, result))
        {
            Assert.Equal((HttpStatusCode.OK, "application/json"), (handed.StatusCode, handed.Content.Headers.ContentType?.MediaType));
            Assert.Contains("/basket", await handed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var again = await GetAsync(system, karinsKey, result))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }
        using (var state = await GetAsync(system, karinsKey, accepted.Headers.Location!.OriginalString))
            Assert.False(JsonDocument.Parse(await state.Content.ReadAsStringAsync()).RootElement.GetProperty("resultWaiting").GetBoolean());
        await using var scope = app.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.CountAsync(e => e.Action == "customer.request-result-downloaded"));
    }

    private static async Task<string> IssueAsync(HttpClient contact, Guid customer, string name)
    {
        using var issued = await StaffSessions.PostFormAsync(contact, "/customers/portal/requests?handler=issueKey",
            new() { ["CustomerId"] = customer.ToString(), ["KeyName"] = name }, tokenFrom: "/customers/portal/requests");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var key = Key().Match(await issued.Content.ReadAsStringAsync());
        Assert.True(key.Success, "No key shown after issuing one.");
        return key.Value;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }

    [GeneratedRegex("vck_[A-Za-z0-9_-]{43}")]
    private static partial Regex Key();
}
