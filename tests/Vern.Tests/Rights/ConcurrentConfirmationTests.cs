using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>
/// The same confirmation link pressed twice at once (a double click, a mail scanner racing the person):
/// the request is verified, audited and answered once.
/// </summary>
public sealed partial class ConcurrentConfirmationTests
{
    private const int Rounds = 8;
    private const string Confirmed = "Your request is confirmed";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_confirmations_of_one_link_at_once_verify_and_fulfil_the_request_once(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var requests = new List<(Guid Id, string Email)>();
        for (var round = 0; round < Rounds; round++)
        {
            var email = $"racer{round}@example.no";
            using var first = app.CreateClient();
            using var second = app.CreateClient();
            var submitted = await first.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var mail = (await RequestFlow.OutboxAsync(app)).Single(m => m.To.Mailboxes.Single().Address == email);
            var path = new Uri(RequestFlow.VerifyLinkIn(mail)).PathAndQuery;
            var token = path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..];

            // Both forms are loaded first, so the two posts leave together.
            var forms = await Task.WhenAll(FormAsync(first, path, token), FormAsync(second, path, token));
            var answers = await Task.WhenAll(first.PostAsync(path, forms[0]), second.PostAsync(path, forms[1]));

            var pages = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            Assert.Single(pages, p => p.Contains(Confirmed, StringComparison.Ordinal));
            requests.Add((id, email));
        }

        foreach (var (id, email) in requests)
            await RequestFlow.WaitForMailAsync(app, email, "Your privacy request is complete");
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var outbox = await RequestFlow.OutboxAsync(app);
        foreach (var (id, email) in requests)
        {
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Details != null && e.Details.Contains(id.ToString())).Select(e => e.Action).ToListAsync();
            Assert.Single(audit, a => a == "rights-request.verified");
            Assert.Single(outbox, m => m.Subject == "Your privacy request is complete" && m.To.Mailboxes.Single().Address == email);
        }
    }

    private static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, string path, string token)
    {
        var page = await client.GetStringAsync(path);
        var antiforgery = AntiforgeryToken().Match(page);
        Assert.True(antiforgery.Success, $"No anti-forgery token on {path}");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = Uri.UnescapeDataString(token),
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
