using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Policies;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

public sealed class SubmissionApiTests
{
    private static object Body(string email = "ada@example.com", string purpose = "customer-relationship", string? visitorId = null, string? name = "Ada Lovelace", string? message = "Could we see a demo on Tuesday?") =>
        new { form = "contact", purpose, email, name, company = "Analytical AS", message, visitorId };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_submission_stores_the_person_and_their_sealed_message_with_purpose_and_current_policy_version(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);

        using var response = await client.PostAsJsonAsync("/api/v1/submissions", Body(visitorId: visitorId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var submission = await db.Submissions.SingleAsync(s => s.Id == id);
        Assert.Equal("contact", submission.Form);
        Assert.Equal("customer-relationship", submission.Purpose);
        var current = await PolicyHistory.Current(db, TimeProvider.System, "en", CancellationToken.None);
        Assert.NotNull(current);
        Assert.Equal(current.Number, submission.PolicyVersion);
        Assert.Equal("Could we see a demo on Tuesday?", await vault.OpenAsync(submission.SubjectId, RecordSubmission.ContentField, submission.Content!));
        var details = await vault.RevealAsync(submission.SubjectId);
        Assert.Equal(new PersonalDetails("ada@example.com", "Ada Lovelace", null, "Analytical AS"), details);
        Assert.Equal(submission.SubjectId, await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, visitorId));
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == "submission.recorded");
        Assert.Equal(("api", submission.SubjectId, "form contact, purpose customer-relationship"), (audit.Actor, audit.SubjectId, audit.Details));
        Assert.DoesNotContain("ada@example.com", app.Logs.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ada Lovelace", app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_purpose_is_refused_naming_the_field_and_nothing_is_written()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/submissions", Body(purpose: "selling-lists"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("customer-relationship", errors.GetProperty("purpose")[0].GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(app);
    }

    [Theory]
    [InlineData("not an address", "email")]
    [InlineData("", "email")]
    public async Task A_bad_address_is_refused_naming_the_field(string email, string field)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/submissions", Body(email: email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        await AssertNothingWrittenAsync(app);
    }

    [Fact]
    public async Task Bounded_fields_a_bad_visitor_id_and_an_unpublished_policy_version_are_refused_by_name()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/submissions", new
        {
            form = "Contact Us!",
            purpose = "customer-relationship",
            email = "ada@example.com",
            name = new string('a', 201),
            phone = "call me maybe",
            message = new string('m', 4001),
            visitorId = "short",
            policyVersion = 99,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "form", "name", "phone", "message", "visitorId", "policyVersion" })
            Assert.True(errors.TryGetProperty(field, out _), $"No error for {field}: {errors}");
        Assert.False(errors.TryGetProperty("email", out _));
        await AssertNothingWrittenAsync(app);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_refused_naming_its_field()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/v1/submissions", new StringContent(
            """{"form":"contact","purpose":"customer-relationship","email":"ada@example.com","policyVersion":"latest"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("policyVersion", out _));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_oversized_body_is_refused_as_problem_details_and_nothing_is_written(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var json = JsonSerializer.Serialize(Body(message: new string('x', 17 * 1024)));

        using var response = await client.PostAsync("/api/v1/submissions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingWrittenAsync(app);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_answer_is_the_same_for_a_known_and_an_unknown_address_and_known_details_are_not_overwritten(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var known = await TestSubjects.AddAsync(app, new PersonalDetails("ada@example.com", "Ada Lovelace"));
        using var client = app.CreateClient();

        using var forKnown = await client.PostAsJsonAsync("/api/v1/submissions", Body(name: "Someone Else"));
        using var forUnknown = await client.PostAsJsonAsync("/api/v1/submissions", Body(email: "grace@example.com", name: "Grace Hopper"));

        Assert.Equal(HttpStatusCode.Created, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(forKnown.Headers.Location, forUnknown.Headers.Location);
        Assert.Equal(Shape(await forKnown.Content.ReadAsStringAsync()), Shape(await forUnknown.Content.ReadAsStringAsync()));

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        Assert.Equal(2, await db.Subjects.CountAsync());
        // Rectification is a right of its own: a form only fills what was missing.
        Assert.Equal(new PersonalDetails("ada@example.com", "Ada Lovelace", null, "Analytical AS"), await vault.RevealAsync(known));
        Assert.Equal(known, (await db.Submissions.OrderBy(s => s.SubmittedAt).FirstAsync()).SubjectId);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_visitor_id_is_linked_once(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/submissions", Body(visitorId: visitorId))).StatusCode);
        // Another person on the same browser is not linked to it: that would disclose the first person's consent history.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/submissions", Body(email: "grace@example.com", visitorId: visitorId))).StatusCode);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(3, await db.Submissions.CountAsync());
        Assert.Equal(1, await db.SubjectIdentifiers.CountAsync(i => i.Kind == DataSubjects.VisitorIdKind));
    }

    [Fact]
    public async Task A_restricted_person_s_submission_is_stored_and_the_audit_says_so()
    {
        await using var app = await TestApp.StartAsync();
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).RestrictedAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/submissions", Body());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var check = app.CreateScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(id, (await checkDb.Submissions.SingleAsync()).SubjectId);
        Assert.Contains("restricted", (await checkDb.AuditEntries.SingleAsync(e => e.Action == "submission.recorded")).Details, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task After_an_objection_to_direct_marketing_a_marketing_submission_is_not_kept_and_the_answer_does_not_tell(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).MarketingObjectionAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }
        using var client = app.CreateClient();
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);

        using var news = await client.PostAsJsonAsync("/api/v1/submissions", Body(purpose: "newsletter", visitorId: visitorId));
        using var stranger = await client.PostAsJsonAsync("/api/v1/submissions", Body(email: "grace@example.com", purpose: "newsletter"));
        using var enquiry = await client.PostAsJsonAsync("/api/v1/submissions", Body());

        // The same answer as for someone Vern has never seen, so the caller learns nothing about the objection.
        Assert.Equal(HttpStatusCode.Created, news.StatusCode);
        Assert.Equal(stranger.StatusCode, news.StatusCode);
        Assert.Equal(
            (await stranger.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name),
            (await news.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name));
        await using var check = app.CreateScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDb>();
        // Ada's enquiry (not marketing) is kept; her newsletter sign-up and its visitor id are not.
        Assert.Equal(["customer-relationship"], await checkDb.Submissions.Where(s => s.SubjectId == id).Select(s => s.Purpose).ToListAsync());
        Assert.Equal(0, await checkDb.SubjectIdentifiers.CountAsync(i => i.SubjectId == id));
        Assert.Contains("objected to direct marketing", (await checkDb.AuditEntries.SingleAsync(e => e.Action == "submission.suppressed")).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_route_is_documented_and_answers_other_origins_only_when_configured()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Consent:AllowedOrigins:0"] = "https://www.customer.example" });
        using var client = app.CreateClient();

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("RecordSubmission", openApi, StringComparison.Ordinal);

        foreach (var (origin, allowed) in new[] { ("https://www.customer.example", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/submissions");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    private static string Shape(string json) =>
        string.Join(',', JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}"));

    private static async Task AssertNothingWrittenAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Subjects.CountAsync());
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "submission.recorded"));
    }
}
