using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Features.Rights;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>
/// The Google Analytics connector signing in as a service account: Google's token endpoint and the
/// User Deletion API are both played by a local server, and the key is one the test makes.
/// </summary>
public sealed class GoogleServiceAccountTests : IDisposable
{
    private const string Email = "ola.nordmann@example.no";
    private const string ClientEmail = "vern-erasure@vern-demo.iam.gserviceaccount.com";
    private const string KeyId = "8d3c1f0e6b2a4c5d9e7f1a2b3c4d5e6f7a8b9c0d";
    private const string DeletionPath = "/analytics/v3/userDeletion/userDeletionRequests:upsert";

    private static readonly DataSubject Subject = new(Guid.NewGuid(), Email, ["visitor-a1", "visitor-b2"]);

    private readonly RSA key = RSA.Create(2048);
    private readonly string directory = Directory.CreateTempSubdirectory("vern-google-key-").FullName;

    public void Dispose()
    {
        key.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string KeyFile(FakeServer server) => WriteKeyFile(new Dictionary<string, object?>
    {
        ["type"] = "service_account",
        ["project_id"] = "vern-demo",
        ["private_key_id"] = KeyId,
        ["private_key"] = key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "112233445566778899001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = new Uri(server.BaseAddress, "token").ToString(),
    });

    private string WriteKeyFile(object content) => WriteKeyFile(JsonSerializer.Serialize(content));

    private string WriteKeyFile(string content)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    private static Dictionary<string, string?> Settings(FakeServer server, string keyFile) => new()
    {
        ["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010",
        ["Rights:Connectors:GoogleAnalytics:BaseUrl"] = new Uri(server.BaseAddress, "analytics/v3").ToString(),
        ["Rights:Connectors:GoogleAnalytics:PropertyId"] = "412345678",
        ["Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile"] = keyFile,
    };

    /// <summary>Tokens numbered by the token request that issued them, so a test can tell which was used.</summary>
    private static Reply Token(RecordedRequest request, List<RecordedRequest> tokenRequests)
    {
        lock (tokenRequests)
        {
            tokenRequests.Add(request);
            return new Reply(200, JsonSerializer.Serialize(new { access_token = $"ya29.token-{tokenRequests.Count}", expires_in = 3599, token_type = "Bearer" }));
        }
    }

    private static readonly Reply Deleted = new(200, """{"kind":"analytics#userDeletionRequest","deletionRequestTime":"2027-03-01T09:00:00Z"}""");

    private static async Task<SourceErasure> EraseAsync(TestApp app, DataSubject subject)
    {
        await using var scope = app.CreateScope();
        var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "google-analytics");
        return await source.EraseAsync(subject, CancellationToken.None);
    }

    private static string AssertionIn(RecordedRequest tokenRequest) => QueryHelpers.ParseQuery("?" + tokenRequest.Body)["assertion"].ToString();

    private static List<RecordedRequest> ApiCalls(FakeServer server) => [.. server.Requests.Where(r => r.PathAndQuery == DeletionPath)];

    [Fact]
    public async Task An_erasure_signs_in_with_a_JWT_signed_by_the_service_account_key_and_calls_the_API_with_the_token_it_gets()
    {
        var tokenRequests = new List<RecordedRequest>();
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token" ? Token(r, tokenRequests) : Deleted);
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));
        var before = DateTimeOffset.FromUnixTimeSeconds(app.Get<TimeProvider>().GetUtcNow().ToUnixTimeSeconds());

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        var tokenRequest = Assert.Single(tokenRequests);
        Assert.Equal("POST", tokenRequest.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", tokenRequest.Header("Content-Type"), StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery("?" + tokenRequest.Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"].ToString());
        var parts = form["assertion"].ToString().Split('.');
        Assert.Equal(3, parts.Length);
        // What Google does with the assertion: check the signature with the service account's public key.
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal(KeyId, header.RootElement.GetProperty("kid").GetString());
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(ClientEmail, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/analytics.user.deletion", claims.RootElement.GetProperty("scope").GetString());
        Assert.Equal(new Uri(server.BaseAddress, "token").ToString(), claims.RootElement.GetProperty("aud").GetString());
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("iat").GetInt64());
        Assert.InRange(issuedAt, before, app.Get<TimeProvider>().GetUtcNow());
        Assert.Equal(3600, claims.RootElement.GetProperty("exp").GetInt64() - claims.RootElement.GetProperty("iat").GetInt64());

        var calls = ApiCalls(server);
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("Bearer ya29.token-1", c.Header("Authorization")));
        Assert.True(tokenRequest.Number < calls[0].Number);
    }

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var tokenRequests = new List<RecordedRequest>();
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token" ? Token(r, tokenRequests) : Deleted);
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)),
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));

        await EraseAsync(app, Subject);
        clock.Advance(TimeSpan.FromMinutes(50));
        await EraseAsync(app, Subject);

        Assert.Single(tokenRequests);
        Assert.Equal(4, ApiCalls(server).Count);
        Assert.All(ApiCalls(server), c => Assert.Equal("Bearer ya29.token-1", c.Header("Authorization")));

        // The token was given for 3599 s at 09:00; from 09:54:59 it is renewed.
        clock.Advance(TimeSpan.FromMinutes(5));
        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.Equal(2, tokenRequests.Count);
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(AssertionIn(tokenRequests[1]).Split('.')[1]));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        Assert.All(ApiCalls(server).Skip(4), c => Assert.Equal("Bearer ya29.token-2", c.Header("Authorization")));
    }

    [Fact]
    public async Task A_token_the_API_refuses_is_replaced_once_and_the_call_tried_again()
    {
        var tokenRequests = new List<RecordedRequest>();
        await using var server = await FakeServer.StartAsync(r =>
            r.PathAndQuery == "/token" ? Token(r, tokenRequests)
            : r.Header("Authorization") == "Bearer ya29.token-1" ? new Reply(401, """{"error":{"code":401,"status":"UNAUTHENTICATED"}}""")
            : Deleted);
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.Equal(2, tokenRequests.Count);
        Assert.Equal(
            ["/token", DeletionPath, "/token", DeletionPath, DeletionPath],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(
            ["Bearer ya29.token-1", "Bearer ya29.token-2", "Bearer ya29.token-2"],
            ApiCalls(server).Select(c => c.Header("Authorization")));
    }

    [Fact]
    public async Task An_API_that_refuses_a_fresh_token_too_fails_the_erasure_without_asking_again_and_again()
    {
        var tokenRequests = new List<RecordedRequest>();
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token" ? Token(r, tokenRequests) : new Reply(401));
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.StartsWith("Google Analytics answered 401 after 2 attempts", erasure.Detail, StringComparison.Ordinal);
        Assert.Equal(2, tokenRequests.Count);
        Assert.Equal(2, ApiCalls(server).Count);
    }

    [Fact]
    public async Task A_token_endpoint_that_is_down_fails_the_source_like_any_connector_and_leaks_no_secret()
    {
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token" ? new Reply(503) : Deleted);
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.StartsWith("Vern could not sign in to Google Analytics: Google's token endpoint answered 503 after 3 attempts", erasure.Detail, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count); // the in-call retries, and the API never called
        Assert.Empty(ApiCalls(server));
        AssertNoSecretIn(app.Logs.All, AssertionIn(server.Requests[0]));
        AssertNoSecretIn(erasure.Detail, AssertionIn(server.Requests[0]));
        Assert.Contains("503", app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_Google_refuses_is_not_retried_within_the_call_and_the_reason_is_named()
    {
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token"
            ? new Reply(400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""")
            : Deleted);
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.StartsWith("Vern could not sign in to Google Analytics: Google's token endpoint answered 400 after 1 attempt (invalid_grant)", erasure.Detail, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Contains("invalid_grant", app.Logs.All, StringComparison.Ordinal);
        AssertNoSecretIn(app.Logs.All, AssertionIn(server.Requests[0]));
    }

    [Fact]
    public async Task When_the_API_keeps_failing_the_logs_hold_neither_the_key_nor_the_assertion_nor_the_token()
    {
        var tokenRequests = new List<RecordedRequest>();
        await using var server = await FakeServer.StartAsync(r => r.PathAndQuery == "/token" ? Token(r, tokenRequests) : new Reply(503));
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)));

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Failed, erasure.Outcome);
        Assert.StartsWith("Google Analytics answered 503 after 3 attempts", erasure.Detail, StringComparison.Ordinal);
        var logs = app.Logs.All;
        Assert.Contains(Subject.Id.ToString(), logs, StringComparison.Ordinal);
        AssertNoSecretIn(logs, AssertionIn(Assert.Single(tokenRequests)));
        Assert.DoesNotContain("ya29.token-1", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.token-1", erasure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erasure_waits_while_the_token_endpoint_is_down_and_completes_when_it_is_back()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var tokenRequests = new List<RecordedRequest>();
        var googleUp = false;
        await using var server = await FakeServer.StartAsync(r =>
            r.PathAndQuery != "/token" ? Deleted
            : Volatile.Read(ref googleUp) ? Token(r, tokenRequests)
            : new Reply(503));
        await using var app = await TestApp.StartAsync(settings: Settings(server, KeyFile(server)),
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var issued = await ConsentApi.IssueAsync(client);
        var visitorId = issued["visitorId"]!.GetValue<string>();
        await RequestFlow.PersonWithVisitorAsync(app, Email, visitorId);

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "erasure", Email);
        var pending = await RequestFlow.WaitForResultAsync(app, requestId, "google-analytics", r => r.Status.ToWire() == "pending");

        Assert.Equal(1, pending.Attempts);
        Assert.Equal(new DateTime(2027, 3, 1, 9, 1, 0, DateTimeKind.Utc), pending.NextAttemptAt);
        Assert.Contains("token endpoint answered 503", pending.Detail, StringComparison.Ordinal);
        Assert.Empty(ApiCalls(server));

        Volatile.Write(ref googleUp, true);
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<RightsFulfilmentService>().RunOnceAsync(CancellationToken.None);

        var done = await RequestFlow.WaitForResultAsync(app, requestId, "google-analytics", r => r.Status.ToWire() == "done");
        Assert.Equal(2, done.Attempts);
        var call = Assert.Single(ApiCalls(server));
        Assert.Equal("Bearer ya29.token-1", call.Header("Authorization"));
        // Google is asked under the analytics id the site gave it as client id, never under the visitor id.
        Assert.Contains(issued["analyticsId"]!.GetValue<string>(), call.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(visitorId, call.Body, StringComparison.Ordinal);
        AssertNoSecretIn(app.Logs.All, AssertionIn(Assert.Single(tokenRequests)));
    }

    [Fact]
    public async Task The_access_token_setting_still_works_for_a_short_test()
    {
        await using var server = await FakeServer.StartAsync(_ => Deleted);
        var settings = Settings(server, "");
        settings["Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile"] = null;
        settings["Rights:Connectors:GoogleAnalytics:AccessToken"] = "ya29.pasted-by-hand";
        await using var app = await TestApp.StartAsync(settings: settings);

        var erasure = await EraseAsync(app, Subject);

        Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
        Assert.All(server.Requests, r => Assert.Equal("Bearer ya29.pasted-by-hand", r.Header("Authorization")));
    }

    public static TheoryData<string, string> BadKeyFiles => new()
    {
        { "not json", "is not valid JSON" },
        { """{"type":"authorized_user","client_id":"1","client_secret":"s","refresh_token":"r"}""", "of type 'authorized_user', not 'service_account'" },
        { """{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","token_uri":"https://oauth2.googleapis.com/token"}""", "lacks private_key_id, private_key" },
        { """{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key_id":"1","private_key":"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n","token_uri":"https://oauth2.googleapis.com/token"}""", "private_key" },
        { """{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key_id":"1","private_key":"x","token_uri":"/token"}""", "token_uri" },
    };

    [Theory]
    [MemberData(nameof(BadKeyFiles))]
    public async Task A_key_file_that_is_not_a_service_account_key_stops_start_up(string content, string problem)
    {
        var path = WriteKeyFile(content);

        var failure = await Assert.ThrowsAsync<StartupException>(() => StartWithKeyFileAsync(path));

        Assert.StartsWith("Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90IGEga2V5", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_stops_start_up()
    {
        var path = Path.Combine(directory, "absent.json");

        var failure = await Assert.ThrowsAsync<StartupException>(() => StartWithKeyFileAsync(path));

        Assert.Equal($"Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile: there is no file at '{path}'.", failure.Message);
    }

    [Fact]
    public async Task A_public_key_in_place_of_the_private_key_stops_start_up()
    {
        var path = WriteKeyFile(new Dictionary<string, object?>
        {
            ["type"] = "service_account",
            ["private_key_id"] = KeyId,
            ["private_key"] = key.ExportSubjectPublicKeyInfoPem(),
            ["client_email"] = ClientEmail,
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });

        var failure = await Assert.ThrowsAsync<StartupException>(() => StartWithKeyFileAsync(path));

        Assert.Contains("the private_key in", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceAccountKeyFile", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile (or, for a short test, Rights:Connectors:GoogleAnalytics:AccessToken) must be set")]
    [InlineData("key.json", "ya29.token", "Set Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile or Rights:Connectors:GoogleAnalytics:AccessToken, not both.")]
    public async Task Google_Analytics_needs_exactly_one_way_to_sign_in(string? keyFile, string? accessToken, string message)
    {
        var failure = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Rights:Connectors:GoogleAnalytics:BaseUrl"] = "http://127.0.0.1:9/analytics/v3",
            ["Rights:Connectors:GoogleAnalytics:PropertyId"] = "412345678",
            ["Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile"] = keyFile,
            ["Rights:Connectors:GoogleAnalytics:AccessToken"] = accessToken,
        }));

        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
    }

    private static Task<TestApp> StartWithKeyFileAsync(string path) => TestApp.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Rights:Connectors:GoogleAnalytics:BaseUrl"] = "http://127.0.0.1:9/analytics/v3",
        ["Rights:Connectors:GoogleAnalytics:PropertyId"] = "412345678",
        ["Rights:Connectors:GoogleAnalytics:ServiceAccountKeyFile"] = path,
    });

    /// <summary>The private key (any line of its PEM body), the signed assertion, and its signature alone.</summary>
    private void AssertNoSecretIn(string text, string assertion)
    {
        Assert.DoesNotContain(assertion, text, StringComparison.Ordinal);
        Assert.DoesNotContain(assertion.Split('.')[2], text, StringComparison.Ordinal);
        foreach (var line in key.ExportPkcs8PrivateKeyPem().Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
    }
}
