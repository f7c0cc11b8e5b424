using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>Requests carried out across Vern's own sources and an external system answered by a local server.</summary>
public sealed partial class FulfilmentJourneyTests
{
    private const string Email = "ola.nordmann@example.no";

    private static Dictionary<string, string?> HubSpot(FakeServer server) => new()
    {
        ["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010",
        ["Rights:Connectors:HubSpot:BaseUrl"] = server.BaseAddress.ToString(),
        ["Rights:Connectors:HubSpot:AccessToken"] = "pat-test-token",
    };

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Access_gathers_every_source_into_the_package_behind_the_emailed_link(Provider provider)
    {
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(200, JsonSerializer.Serialize(new
        {
            id = "151",
            properties = new { email = Email, firstname = "Ola", lastname = "Nordmann", phone = "+47 912 34 567", company = "Fjord AS", createdate = "2025-03-01T10:00:00Z" },
        })));
        await using var app = await TestApp.StartAsync(provider, HubSpot(hubspot));
        using var client = app.CreateClient();
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitorId, action: "accept_all", marketing: true));
        await RequestFlow.PersonWithVisitorAsync(app, Email, visitorId);

        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", Email);
        var done = await RequestFlow.WaitForMailAsync(app, Email, "Your privacy request is complete");

        var link = DownloadLink().Match(done.TextBody ?? "").Value;
        Assert.StartsWith(app.BaseAddress.ToString(), link, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{WebUtility.HtmlEncode(link)}\">", done.HtmlBody, StringComparison.Ordinal);
        var path = new Uri(link).PathAndQuery;
        var token = Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var zipResponse = await StaffSessions.PostFormAsync(client, path, new() { ["Token"] = token });
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync());
        Assert.NotNull(zip.GetEntry("index.html"));
        using var json = JsonDocument.Parse(zip.GetEntry("data.json")!.Open());
        var records = json.RootElement.GetProperty("records");
        Assert.Equal(["analytics", "blocks", "consent", "customer-contacts", "disclosures", "hubspot", "newsletter", "notices", "staff-access", "subjects"], records.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(visitorId, records.GetProperty("consent").ToString(), StringComparison.Ordinal);
        Assert.Contains("Fjord AS", records.GetProperty("hubspot").ToString(), StringComparison.Ordinal);
        Assert.Contains("Ola Nordmann", records.GetProperty("subjects").ToString(), StringComparison.Ordinal);
        Assert.NotNull(zip.GetEntry("csv/hubspot.csv"));
        Assert.Equal(Email, json.RootElement.GetProperty("subject").GetProperty("email").GetString());
        // The request's own id appears in the log of who handled the data, and the staff stay anonymous.
        Assert.DoesNotContain("@vern", records.GetProperty("staff-access").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erasure_waits_for_an_external_system_that_is_down_and_completes_when_it_answers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var hubspotUp = false;
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(Volatile.Read(ref hubspotUp) ? 204 : 503));
        await using var app = await TestApp.StartAsync(settings: HubSpot(hubspot), configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var subjectId = await RequestFlow.PersonWithVisitorAsync(app, Email, await ConsentApi.IssueVisitorIdAsync(client));

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Email);
        var pending = await RequestFlow.WaitForResultAsync(app, requestId, "hubspot", r => r.Status.ToWire() == "pending");

        Assert.Equal(1, pending.Attempts);
        Assert.Equal(new DateTime(2027, 3, 1, 9, 1, 0, DateTimeKind.Utc), pending.NextAttemptAt);
        Assert.Contains("503", pending.Detail, StringComparison.Ordinal);
        Assert.Equal(3, hubspot.Requests.Count); // the in-call retries
        await using (var scope = app.CreateScope())
        {
            // Nothing is erased, and nobody is told, while a source has not confirmed.
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
            Assert.Equal(RightsRequestStatus.InProgress, (await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.SingleAsync(r => r.Id == requestId)).Status);
        }
        Assert.DoesNotContain(await RequestFlow.OutboxAsync(app), m => m.Subject == "Your privacy request is complete");

        Volatile.Write(ref hubspotUp, true);
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<RightsFulfilmentService>().RunOnceAsync(CancellationToken.None);
        var done = await RequestFlow.WaitForMailAsync(app, Email, "Your privacy request is complete");

        var result = await RequestFlow.WaitForResultAsync(app, requestId, "hubspot", r => r.Status.ToWire() == "done");
        Assert.Equal(2, result.Attempts);
        Assert.NotNull(result.AcknowledgedAt);
        Assert.Equal("POST", hubspot.Requests[^1].Method);
        Assert.Contains("gdpr-delete", hubspot.Requests[^1].PathAndQuery, StringComparison.Ordinal);
        await using var after = app.CreateScope();
        Assert.Null(await after.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId));
        Assert.DoesNotContain("What is still open", done.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_found_under_no_data_is_told_so_and_can_offer_the_visitor_id_of_their_browser()
    {
        await using var app = await TestApp.StartAsync();
        var cookies = new CookieContainer();
        using var client = app.CreateClient(cookies: cookies);
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitorId, action: "accept_all", marketing: true));

        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", Email);
        var unidentified = await RequestFlow.WaitForMailAsync(app, Email, "We found no data under your address");
        Assert.Contains("Also include the cookie choices made in this browser", unidentified.TextBody, StringComparison.Ordinal);

        // The banner's cookie, as the browser holds it after the choice above.
        cookies.Add(app.BaseAddress, new Cookie("vern_consent", Uri.EscapeDataString(JsonSerializer.Serialize(new { v = visitorId, r = 1 }))));
        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", Email, includeBrowser: true);
        var done = await RequestFlow.WaitForMailAsync(app, Email, "Your privacy request is complete");

        Assert.Contains("Your cookie choices: 1 record(s) included.", done.TextBody, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/privacy/requests/download\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex DownloadLink();
}
