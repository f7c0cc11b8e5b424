using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Consent;

/// <summary>
/// A visitor id is the credential for a browser's consent: only ids this installation issued are taken,
/// so nobody records decisions for, or links a person to, a browser whose id they guessed, copied from a
/// third party or brought from another installation.
/// </summary>
public sealed class VisitorIdTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Vern_issues_a_random_visitor_id_with_a_separate_analytics_id_that_records_decisions(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();

        using var response = await client.PostAsync(ConsentApi.Visitors, null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var issued = await ConsentApi.ReadJsonAsync(response);
        var visitorId = issued["visitorId"]!.GetValue<string>();
        var analyticsId = issued["analyticsId"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", visitorId);
        Assert.NotEqual(visitorId, analyticsId);
        Assert.DoesNotContain(analyticsId, visitorId, StringComparison.Ordinal);
        Assert.NotEqual(visitorId, await ConsentApi.IssueVisitorIdAsync(client));
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitorId));
        Assert.Equal(1, await ConsentApi.CountAsync(app));
    }

    public static TheoryData<string> Forgeries => new()
    {
        ConsentApi.UnissuedVisitorId,
        // The banner's old format: 16 random bytes, well-formed but without a tag.
        "q83vEjRWeJCrze8SNFZ4kA",
        "not an id at all, with spaces and much too long to be one anyway",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_decision_under_a_visitor_id_vern_never_issued_is_refused_naming_visitorId(string forged)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await ConsentApi.PostAsync(client, ConsentApi.Body(forged));

        await AssertRefusedAsync(response);
        Assert.Equal(0, await ConsentApi.CountAsync(app));
    }

    [Fact]
    public async Task An_issued_id_with_any_character_changed_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var issued = await ConsentApi.IssueVisitorIdAsync(client);

        // One character of the random part, and one of the tag.
        foreach (var at in new[] { 3, issued.Length - 5 })
        {
            var tampered = issued[..at] + (issued[at] == 'A' ? 'B' : 'A') + issued[(at + 1)..];
            await AssertRefusedAsync(await ConsentApi.PostAsync(client, ConsentApi.Body(tampered)));
        }
        Assert.Equal(0, await ConsentApi.CountAsync(app));
    }

    [Fact]
    public async Task An_id_issued_by_another_installation_is_refused_for_decisions_and_submissions()
    {
        await using var ours = await TestApp.StartAsync();
        await using var theirs = await TestApp.StartAsync();
        using var client = ours.CreateClient();
        using var other = theirs.CreateClient();
        var foreign = await ConsentApi.IssueVisitorIdAsync(other);

        await AssertRefusedAsync(await ConsentApi.PostAsync(client, ConsentApi.Body(foreign)));
        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/v1/submissions", Submission(foreign)));

        Assert.Equal(0, await ConsentApi.CountAsync(ours));
        await using var scope = ours.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.CountAsync());
    }

    [Fact]
    public async Task An_id_with_letters_outside_ascii_is_refused_for_decisions_and_submissions()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var issued = await ConsentApi.IssueVisitorIdAsync(client);

        // The issued id's length with a letter a word-character pattern would take, and one made of such letters only.
        foreach (var id in new[] { "å" + issued[1..], new string('ø', issued.Length) })
        {
            await AssertRefusedAsync(await ConsentApi.PostAsync(client, ConsentApi.Body(id)));
            await AssertRefusedAsync(await client.PostAsJsonAsync("/api/v1/submissions", Submission(id)));
        }

        Assert.Equal(0, await ConsentApi.CountAsync(app));
        await using var scope = app.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_submission_cannot_link_a_person_to_a_visitor_id_vern_never_issued(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();

        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/v1/submissions", Submission(ConsentApi.UnissuedVisitorId)));

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Equal(0, await db.SubjectIdentifiers.CountAsync(i => i.Kind == DataSubjects.VisitorIdKind));
    }

    [Fact]
    public async Task The_contact_and_sign_up_forms_and_a_confirmed_request_link_no_visitor_id_from_a_forged_cookie()
    {
        await using var app = await TestApp.StartAsync();
        var cookies = new CookieContainer();
        var cookie = JsonSerializer.Serialize(new { v = ConsentApi.UnissuedVisitorId, a = "x", r = 1, id = Guid.NewGuid(), t = 1767225600, c = new { analytics = 1, marketing = 0 } });
        cookies.Add(app.BaseAddress, new Cookie("vern_consent", Uri.EscapeDataString(cookie)));
        using var client = app.CreateClient(cookies: cookies);

        // The forms still work: the cookie is ignored, not the person.
        using var contact = await StaffSessions.PostFormAsync(client, "/contact", new()
        {
            ["Name"] = "Ada Lovelace",
            ["Email"] = "ada@example.com",
            ["Message"] = "A demo, please.",
        });
        Assert.Contains("Thank you for your message", await contact.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var signup = await StaffSessions.PostFormAsync(client, "/signup", new()
        {
            ["Name"] = "Grace Hopper",
            ["Email"] = "grace@example.com",
            ["Company"] = "Compilers AS",
            ["Plan"] = "team",
            ["AcceptTerms"] = "true",
        });
        Assert.Contains("Thank you. We will e-mail you", await signup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", "ada@example.com", includeBrowser: true);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(2, await db.Submissions.CountAsync());
        Assert.Equal(0, await db.SubjectIdentifiers.CountAsync(i => i.Kind == DataSubjects.VisitorIdKind));
    }

    [Fact]
    public async Task The_key_is_kept_outside_the_database_for_the_owner_only_and_ids_stay_valid_with_it()
    {
        string visitorId, key;
        await using (var app = await TestApp.StartAsync())
        {
            using var client = app.CreateClient();
            visitorId = await ConsentApi.IssueVisitorIdAsync(client);
            var path = Path.Combine(app.DataDirectory, "visitor-id.key");
            key = await File.ReadAllTextAsync(path);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // The same key, from the file of a restarted installation or from configuration, accepts the id.
        var directory = Directory.CreateTempSubdirectory("vern-visitor-key-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "visitor-id.key"), key);
        await using (var fromFile = await TestApp.StartAsync(dataDirectory: directory))
        {
            using var client = fromFile.CreateClient();
            await ConsentApi.RecordAsync(client, ConsentApi.Body(visitorId));
        }
        await using var configured = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Consent:VisitorIdKey"] = key });
        using var third = configured.CreateClient();
        await ConsentApi.RecordAsync(third, ConsentApi.Body(visitorId));
    }

    private static object Submission(string visitorId) =>
        new { form = "contact", purpose = "customer-relationship", email = "ada@example.com", name = "Ada Lovelace", visitorId };

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(problem["errors"]!.AsObject().ContainsKey("visitorId"), problem.ToJsonString());
    }
}
