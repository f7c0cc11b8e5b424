using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed partial class RequestIntakeTests
{
    private static Task<List<MimeMessage>> OutboxAsync(TestApp app) => RequestFlow.OutboxAsync(app);

    private static string LinkIn(MimeMessage message) => VerifyLink().Match(message.TextBody ?? "").Value;

    [Fact]
    public async Task The_API_accepts_a_request_and_emails_a_confirmation_link()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "ola.nordmann@example.no", details = "All of it, please." });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awaiting-verification", body.GetProperty("status").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        var mail = Assert.Single(await OutboxAsync(app));
        Assert.Equal("ola.nordmann@example.no", mail.To.Mailboxes.Single().Address);
        Assert.StartsWith(app.BaseAddress + "privacy/requests/verify?token=", LinkIn(mail), StringComparison.Ordinal);
        Assert.DoesNotContain("ola.nordmann", app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_is_the_same_whether_or_not_Vern_knows_the_address()
    {
        await using var app = await TestApp.StartAsync();
        await using (var scope = app.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(new PersonalDetails("known@example.no", "Known Person"));
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }
        using var client = app.CreateClient();

        var known = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "known@example.no" });
        var unknown = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "stranger@example.no" });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        var a = await known.Content.ReadFromJsonAsync<JsonElement>();
        var b = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("status").GetString(), b.GetProperty("status").GetString());
        Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, (await OutboxAsync(app)).Count);
    }

    [Theory]
    [InlineData("{\"type\":\"delete-everything\",\"email\":\"a@example.no\"}", "type")]
    [InlineData("{\"type\":\"access\",\"email\":\"not an address\"}", "email")]
    [InlineData("{\"type\":\"access\"}", "email")]
    public async Task Bad_input_is_refused_with_problem_details_naming_the_field_and_nothing_is_sent(string json, string field)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/v1/rights-requests", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await OutboxAsync(app));
    }

    [Fact]
    public async Task The_public_form_takes_a_request_and_the_link_confirms_it_once()
    {
        await using var app = await TestApp.StartAsync();
        using var visitor = app.CreateClient();

        var sent = await StaffSessions.PostFormAsync(visitor, "/privacy/requests", new() { ["Type"] = "portability", ["Email"] = "kari@example.no" });
        Assert.Contains("you will receive an e-mail with a link", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var link = LinkIn(Assert.Single(await OutboxAsync(app)));
        var path = new Uri(link).PathAndQuery;

        var page = await visitor.GetStringAsync(path);
        Assert.Contains("Confirm the request", page, StringComparison.Ordinal);
        var confirmed = await StaffSessions.PostFormAsync(visitor, path, new() { ["Token"] = HttpUtility(path) });
        Assert.Contains("Your request is confirmed. We will e-mail you the answer by", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await StaffSessions.PostFormAsync(visitor, path, new() { ["Token"] = HttpUtility(path) });
        Assert.Contains("This link is not valid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = await AuditActionsAsync(app);
        Assert.Contains("rights-request.received", audit);
        Assert.Contains("rights-request.verified", audit);
    }

    [Fact]
    public async Task A_link_older_than_seven_days_no_longer_confirms()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var visitor = app.CreateClient();
        await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "late@example.no" });
        var path = new Uri(LinkIn(Assert.Single(await OutboxAsync(app)))).PathAndQuery;

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var response = await StaffSessions.PostFormAsync(visitor, path, new() { ["Token"] = HttpUtility(path) });

        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string HttpUtility(string path) => Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    private static async Task<List<string>> AuditActionsAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return [.. db.AuditEntries.Select(e => e.Action)];
    }

    [GeneratedRegex(@"https?://\S+/privacy/requests/verify\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex VerifyLink();
}
