using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Rights.Connectors;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed class ConnectorTests
{
    private const string Email = "ola.nordmann@example.no";
    private const string HubSpotToken = "pat-eu1-hubspot-secret-token";
    private const string GoogleToken = "ya29.google-secret-token";
    private const string WebhookSecret = "whsec-shared-between-vern-and-the-customer";

    private static readonly DataSubject Subject = new(Guid.NewGuid(), Email, ["visitor-a1", "visitor-b2"]);

    private static Dictionary<string, string?> Settings(FakeServer server) => Settings(server.BaseAddress);

    private static Dictionary<string, string?> Settings(Uri server) => new()
    {
        ["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010",
        ["Rights:Connectors:HubSpot:BaseUrl"] = server.ToString(),
        ["Rights:Connectors:HubSpot:AccessToken"] = HubSpotToken,
        ["Rights:Connectors:GoogleAnalytics:BaseUrl"] = new Uri(server, "analytics/v3").ToString(),
        ["Rights:Connectors:GoogleAnalytics:PropertyId"] = "412345678",
        ["Rights:Connectors:GoogleAnalytics:AccessToken"] = GoogleToken,
        ["Rights:Connectors:Webhook:Url"] = new Uri(server, "hooks/vern").ToString(),
        ["Rights:Connectors:Webhook:Secret"] = WebhookSecret,
        ["Rights:Connectors:Webhook:Name"] = "shop",
        // The fake endpoint listens on plain http.
        ["Rights:Connectors:Webhook:AllowHttp"] = "true",
    };

    private static async Task<T> WithSourceAsync<T>(TestApp app, string name, Func<IPersonalDataSource, Task<T>> use)
    {
        await using var scope = app.CreateScope();
        var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == name);
        return await use(source);
    }

    private static Reply Json(int status, object body) => new(status, JsonSerializer.Serialize(body));

    [Fact]
    public async Task Connectors_without_an_address_are_not_registered()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();

        var names = scope.ServiceProvider.GetServices<IPersonalDataSource>().Select(s => s.Name).ToList();

        Assert.DoesNotContain("hubspot", names);
        Assert.DoesNotContain("google-analytics", names);
        Assert.DoesNotContain("webhook", names);
    }

    [Fact]
    public async Task HubSpot_export_returns_the_contact_as_one_row()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(200, new
        {
            id = "151",
            properties = new { email = Email, firstname = "Ola", lastname = "Nordmann", phone = "+47 912 34 567", company = (string?)null, createdate = "2025-03-01T10:00:00Z", hs_object_id = "151" },
            archived = false,
        }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var export = await WithSourceAsync(app, "hubspot", s => s.ExportAsync(Subject, CancellationToken.None));

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/crm/v3/objects/contacts/ola.nordmann%40example.no?idProperty=email&properties=email,firstname,lastname,phone,company,createdate,lastmodifieddate", request.PathAndQuery);
        Assert.Equal($"Bearer {HubSpotToken}", request.Header("Authorization"));
        Assert.Equal(["email", "firstname", "lastname", "phone", "company", "createdate", "lastmodifieddate"], export.Columns);
        var row = Assert.Single(export.Rows);
        Assert.Equal([Email, "Ola", "Nordmann", "+47 912 34 567", null, "2025-03-01T10:00:00Z", null], row);
        Assert.True(export.Portable);
        Assert.Contains("HubSpot", export.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubSpot_export_of_an_address_it_does_not_know_is_empty()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(404, new { status = "error", message = "resource not found" }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var export = await WithSourceAsync(app, "hubspot", s => s.ExportAsync(Subject, CancellationToken.None));

        Assert.Empty(export.Rows);
        Assert.Equal("hubspot", export.Source);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task HubSpot_erasure_is_a_GDPR_delete_by_email_address()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(204));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/crm/v3/objects/contacts/gdpr-delete", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Email, body.RootElement.GetProperty("objectId").GetString());
        Assert.Equal("email", body.RootElement.GetProperty("idProperty").GetString());
        Assert.DoesNotContain(Email, erasure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubSpot_erasure_of_an_unknown_contact_reports_nothing_held()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(404));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.NothingHeld, erasure.Outcome);
    }

    [Fact]
    public async Task HubSpot_rectification_patches_only_the_corrected_fields_with_the_name_split_on_the_last_space()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(200, new { id = "151", properties = new { } }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var result = await WithSourceAsync(app, "hubspot", s => ((IRectifiable)s).RectifyAsync(
            Subject, new PersonalDetails(null, "Anne Marie Nordmann", "+47 400 00 000"), CancellationToken.None));

        Assert.Equal(RectificationOutcome.Rectified, result.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/crm/v3/objects/contacts/ola.nordmann%40example.no?idProperty=email", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        var properties = body.RootElement.GetProperty("properties");
        Assert.Equal("Anne Marie", properties.GetProperty("firstname").GetString());
        Assert.Equal("Nordmann", properties.GetProperty("lastname").GetString());
        Assert.Equal("+47 400 00 000", properties.GetProperty("phone").GetString());
        Assert.False(properties.TryGetProperty("email", out _));
        Assert.False(properties.TryGetProperty("company", out _));
    }

    [Fact]
    public async Task Google_Analytics_erasure_sends_one_deletion_per_visitor_id_for_the_property()
    {
        await using var server = await FakeServer.StartAsync(r => Json(200, new { kind = "analytics#userDeletionRequest", deletionRequestTime = "2026-01-01T00:00:00Z" }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "google-analytics", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.Equal(2, server.Requests.Count);
        var userIds = new List<string?>();
        foreach (var request in server.Requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/analytics/v3/userDeletion/userDeletionRequests:upsert", request.PathAndQuery);
            Assert.Equal($"Bearer {GoogleToken}", request.Header("Authorization"));
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal("analytics#userDeletionRequest", body.RootElement.GetProperty("kind").GetString());
            Assert.Equal("412345678", body.RootElement.GetProperty("propertyId").GetString());
            Assert.Equal("CLIENT_ID", body.RootElement.GetProperty("id").GetProperty("type").GetString());
            userIds.Add(body.RootElement.GetProperty("id").GetProperty("userId").GetString());
            Assert.DoesNotContain(Email, request.Body, StringComparison.Ordinal);
            // Google knows the browser by its analytics id only: the visitor id is the visitor's credential.
            Assert.DoesNotContain("visitor-", request.Body, StringComparison.Ordinal);
        }
        var visitorIds = app.Get<VisitorIds>();
        Assert.Equal([visitorIds.AnalyticsId("visitor-a1"), visitorIds.AnalyticsId("visitor-b2")], userIds);
    }

    [Fact]
    public async Task Google_Analytics_without_visitor_ids_holds_nothing_and_is_not_called()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(200, "{}"));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "google-analytics", s => s.EraseAsync(Subject with { VisitorIds = [] }, CancellationToken.None));

        Assert.Equal(ErasureOutcome.NothingHeld, erasure.Outcome);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Google_Analytics_export_says_honestly_that_events_cannot_be_exported_per_person()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(500));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var export = await WithSourceAsync(app, "google-analytics", s => s.ExportAsync(Subject, CancellationToken.None));

        Assert.Empty(export.Rows);
        Assert.False(export.Portable);
        Assert.Contains("visitor id", export.Origin, StringComparison.Ordinal);
        Assert.Contains("not included", export.Title, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_webhook_signs_each_event_so_the_receiver_can_verify_it()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(200,
            """{"title":"Orders in the web shop","columns":["order","date"],"rows":[["A-1001","2025-11-02"],["A-1042","2026-01-15"]]}"""));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var export = await WithSourceAsync(app, "shop", s => s.ExportAsync(Subject, CancellationToken.None));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/vern", request.PathAndQuery);
        // What a receiver does: recompute the HMAC of the raw body with the shared secret.
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Header("Vern-Signature"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("export", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(Subject.Id, body.RootElement.GetProperty("subjectId").GetGuid());
        Assert.Equal(Email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal(["visitor-a1", "visitor-b2"], body.RootElement.GetProperty("visitorIds").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(request.Header("Vern-Timestamp"), body.RootElement.GetProperty("timestamp").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Orders in the web shop", export.Title);
        Assert.Equal(["order", "date"], export.Columns);
        Assert.Equal(2, export.Rows.Count);
        Assert.Equal(["A-1042", "2026-01-15"], export.Rows[1]);
    }

    [Fact]
    public async Task A_webhook_that_must_keep_data_says_until_when()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(200, new { outcome = "kept", detail = "Invoices are kept for the Bookkeeping Act.", keptUntil = "2031-12-31" }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "shop", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Kept, erasure.Outcome);
        Assert.Equal(new DateOnly(2031, 12, 31), erasure.KeptUntil);
        Assert.Equal("Invoices are kept for the Bookkeeping Act.", erasure.Detail);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal("erase", body.RootElement.GetProperty("event").GetString());
        Assert.False(body.RootElement.TryGetProperty("corrections", out _));
    }

    [Fact]
    public async Task A_webhook_rectification_carries_the_corrections()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(200, new { outcome = "rectified", detail = "Your delivery address was corrected." }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var result = await WithSourceAsync(app, "shop", s => ((IRectifiable)s).RectifyAsync(
            Subject, new PersonalDetails(null, Company: "Nordlys AS"), CancellationToken.None));

        Assert.Equal(RectificationOutcome.Rectified, result.Outcome);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal("rectify", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("Nordlys AS", body.RootElement.GetProperty("corrections").GetProperty("company").GetString());
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"outcome\":\"done\"}")]
    [InlineData("{\"outcome\":\"kept\",\"keptUntil\":\"next year\"}")]
    [InlineData("[]")]
    public async Task A_webhook_answer_Vern_cannot_read_fails_the_erasure_and_says_so(string answer)
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(200, answer));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "shop", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Contains("readable outcome", erasure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, erasure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"title\":\"Orders\",\"columns\":[\"order\",\"date\"],\"rows\":[[\"A-1\"]]}")]
    [InlineData("{\"columns\":[\"order\"],\"rows\":[]}")]
    [InlineData("{\"title\":\"Orders\",\"columns\":[\"order\"],\"rows\":[[1001]]}")]
    public async Task A_webhook_export_Vern_cannot_read_is_reported_as_unavailable_not_as_empty(string answer)
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(200, answer));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            WithSourceAsync(app, "shop", s => s.ExportAsync(Subject, CancellationToken.None)));

        Assert.Equal("shop", failure.SourceName);
        Assert.Contains("could not read", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_fails_twice_then_recovers_is_retried_within_the_call()
    {
        await using var server = await FakeServer.StartAsync(r => r.Number <= 2 ? new Reply(503) : new Reply(204));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/crm/v3/objects/contacts/gdpr-delete", r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Contains(Email, r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_keeps_failing_gives_a_failed_outcome_naming_the_status_and_leaks_nothing()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(503, new { message = "HubSpot is down" }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));
        var exportFailure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            WithSourceAsync(app, "hubspot", s => s.ExportAsync(Subject, CancellationToken.None)));
        var rectification = await WithSourceAsync(app, "hubspot", s => ((IRectifiable)s).RectifyAsync(
            Subject, new PersonalDetails("ola@example.com"), CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Equal("HubSpot answered 503 after 3 attempts", erasure.Detail);
        Assert.Equal("HubSpot answered 503 after 3 attempts", exportFailure.Message);
        Assert.Equal(RectificationOutcome.Failed, rectification.Outcome);
        Assert.Equal(9, server.Requests.Count);
        var logs = app.Logs.All;
        Assert.Contains(Subject.Id.ToString(), logs, StringComparison.Ordinal);
        Assert.Contains("503", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ola.nordmann", logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ola@example.com", logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(HubSpotToken, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_leaks_neither_the_address_nor_the_secret()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(500));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "shop", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Equal("shop answered 500 after 3 attempts", erasure.Detail);
        Assert.DoesNotContain("ola.nordmann", app.Logs.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WebhookSecret, app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var server = await FakeServer.StartAsync(_ => Json(401, new { message = "Authentication credentials not found." }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Equal("HubSpot answered 401 after 1 attempt", erasure.Detail);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_host_that_cannot_be_reached_gives_a_failed_outcome()
    {
        // The discard port, where nothing listens; a port freed by a closed server could be taken by a parallel test.
        await using var app = await TestApp.StartAsync(settings: Settings(new Uri("http://127.0.0.1:9/")));

        var erasure = await WithSourceAsync(app, "google-analytics", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.StartsWith("Google Analytics could not be reached after 3 attempts", erasure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_time_the_server_asks_for()
    {
        await using var server = await FakeServer.StartAsync(r => r.Number == 1
            ? new Reply(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new Reply(204));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.Equal(2, server.Requests.Count);
        var waited = Stopwatch.GetElapsedTime(server.Requests[0].Timestamp, server.Requests[1].Timestamp);
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"retried after {waited.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Cancellation_is_thrown_not_reported_as_a_failure()
    {
        await using var server = await FakeServer.StartAsync(_ => new Reply(503));
        await using var app = await TestApp.StartAsync(settings: Settings(server));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            WithSourceAsync(app, "hubspot", s => s.EraseAsync(Subject, cancelled.Token)));
    }

    [Fact]
    public async Task A_connector_address_without_its_credentials_stops_start_up()
    {
        var failure = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Rights:Connectors:Webhook:Url"] = "http://127.0.0.1:9/hook",
        }));

        Assert.Contains("Rights:Connectors:Webhook:Secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_over_plain_http_stops_start_up_unless_allowed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Rights:Connectors:Webhook:Url"] = "http://shop.example/hooks/vern",
            ["Rights:Connectors:Webhook:Secret"] = WebhookSecret,
        };

        var failure = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(settings: settings));

        Assert.Contains("Rights:Connectors:Webhook:Url must use https", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Rights:Connectors:Webhook:AllowHttp=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_from_the_webhook_is_a_failure_and_its_target_receives_nothing()
    {
        await using var elsewhere = await FakeServer.StartAsync(_ => Json(200, new { outcome = "erased" }));
        await using var server = await FakeServer.StartAsync(_ => new Reply(302, Headers: new Dictionary<string, string> { ["Location"] = new Uri(elsewhere.BaseAddress, "collect").ToString() }));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "shop", s => s.EraseAsync(Subject, CancellationToken.None));
        var export = await Assert.ThrowsAsync<SourceUnavailableException>(() => WithSourceAsync(app, "shop", s => s.ExportAsync(Subject, CancellationToken.None)));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Contains("shop answered 302", erasure.Detail, StringComparison.Ordinal);
        Assert.Contains("302", export.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_huge_answer_from_the_webhook_is_not_read_and_fails_the_call()
    {
        // Valid JSON that says "erased", but far larger than any answer needs to be.
        var huge = JsonSerializer.Serialize(new { outcome = "erased", detail = new string('x', 4 * ConnectorsFeature.MaxAnswerBytes) });
        await using var server = await FakeServer.StartAsync(_ => new Reply(200, huge));
        await using var app = await TestApp.StartAsync(settings: Settings(server));

        var erasure = await WithSourceAsync(app, "shop", s => s.EraseAsync(Subject, CancellationToken.None));

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.Equal("shop answered with more than 1024 KB, more than Vern reads", erasure.Detail);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    [InlineData(4, 120)]
    [InlineData(5, 720)]
    public void Durable_retries_back_off_from_a_minute_to_half_a_day(int attempts, int minutes)
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(minutes), Backoff.NextAttempt(attempts, now));
    }

    [Fact]
    public void Durable_retries_give_up_after_six_attempts()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Null(Backoff.NextAttempt(6, now));
        Assert.Null(Backoff.NextAttempt(7, now));
    }
}
