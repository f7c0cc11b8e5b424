using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Policies;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Infrastructure.StaffSessions;

namespace Vern.Tests.Site;

/// <summary>The demo site's forms record the person through the submissions use case, as a customer's backend would.</summary>
public sealed class SiteFormTests
{
    /// <summary>A visitor id the app issued, as the banner gets one.</summary>
    private static async Task<string> IssueAsync(TestApp app)
    {
        using var api = app.CreateClient();
        return await ConsentApi.IssueVisitorIdAsync(api);
    }

    /// <summary>A client carrying the banner's cookie, URL-encoded JSON as the banner writes it.</summary>
    private static HttpClient ClientWithConsentCookie(TestApp app, string visitorId)
    {
        var cookies = new CookieContainer();
        var value = JsonSerializer.Serialize(new { v = visitorId, r = 1, id = Guid.NewGuid(), t = "2026-01-01T00:00:00Z", c = new { necessary = true, analytics = false, marketing = false } });
        cookies.Add(app.BaseAddress, new Cookie("vern_consent", Uri.EscapeDataString(value)));
        return app.CreateClient(cookies: cookies);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_contact_form_records_a_submission_with_purpose_policy_version_and_the_cookie_s_visitor_id(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var visitorId = await IssueAsync(app);
        using var client = ClientWithConsentCookie(app, visitorId);

        using var response = await PostFormAsync(client, "/contact", new()
        {
            ["Name"] = "Ada Lovelace",
            ["Email"] = "ada@example.com",
            ["Company"] = "Analytical AS",
            ["Message"] = "A demo, please.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Thank you for your message", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var submission = await db.Submissions.SingleAsync();
        var current = await PolicyHistory.Current(db, TimeProvider.System, "en", CancellationToken.None);
        Assert.Equal(("contact", "customer-relationship", current?.Number), (submission.Form, submission.Purpose, submission.PolicyVersion));
        Assert.NotNull(submission.PolicyVersion);
        Assert.Equal("A demo, please.", await vault.OpenAsync(submission.SubjectId, RecordSubmission.ContentField, submission.Content!));
        Assert.Equal(submission.SubjectId, await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, visitorId));
        Assert.Equal(new PersonalDetails("ada@example.com", "Ada Lovelace", null, "Analytical AS"), await vault.RevealAsync(submission.SubjectId));
        Assert.DoesNotContain("ada@example.com", app.Logs.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ada Lovelace", app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_contact_form_keeps_what_was_typed_and_links_each_error_to_its_field()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient(cookies: new CookieContainer());

        using var response = await PostFormAsync(client, "/contact", new()
        {
            ["Name"] = "",
            ["Email"] = "ada at example",
            ["Company"] = "Analytical <AS>",
            ["Message"] = "Keep this text",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Thank you", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#email\">Give an e-mail address", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#name\">Enter your name.</a>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ada at example\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Analytical &lt;AS&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains(">Keep this text</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"email-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"email-error\" class=\"error\">", html, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.CountAsync());
    }

    [Fact]
    public async Task The_forms_name_the_purpose_from_the_model_and_link_to_the_policy()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        foreach (var path in new[] { "/contact", "/signup" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains("<strong>Answering enquiries and serving customers</strong>", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/privacy/policy\"", html, StringComparison.Ordinal);
        }
        var signup = await client.GetStringAsync("/signup");
        Assert.Contains("id=\"news\" name=\"News\" type=\"checkbox\" value=\"true\" aria-describedby", signup, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"news\" name=\"News\" type=\"checkbox\" value=\"true\" checked", signup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Signing_up_records_the_trial_and_a_newsletter_submission_only_when_the_box_is_ticked(bool news)
    {
        await using var app = await TestApp.StartAsync();
        var visitorId = await IssueAsync(app);
        using var client = ClientWithConsentCookie(app, visitorId);
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "Grace Hopper",
            ["Email"] = "grace@example.com",
            ["Company"] = "Compilers AS",
            ["Phone"] = "+47 911 22 333",
            ["Plan"] = "business",
            ["AcceptTerms"] = "true",
        };
        if (news)
            fields["News"] = "true";

        using var response = await PostFormAsync(client, "/signup", fields);

        Assert.Contains("Thank you. We will e-mail you", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        // Both submissions can be made in the same millisecond, where ids do not keep their order.
        var submissions = await db.Submissions.ToListAsync();
        Assert.Equal(news ? ["customer-relationship", "newsletter"] : ["customer-relationship"], submissions.Select(s => s.Purpose).Order());
        Assert.All(submissions, s => Assert.Equal("signup", s.Form));
        var trial = submissions.Single(s => s.Purpose == "customer-relationship");
        Assert.Equal("Free trial of the Business plan.", await vault.OpenAsync(trial.SubjectId, RecordSubmission.ContentField, trial.Content!));
        Assert.Equal(new PersonalDetails("grace@example.com", "Grace Hopper", "+47 911 22 333", "Compilers AS"), await vault.RevealAsync(trial.SubjectId));
        Assert.Equal(1, await db.SubjectIdentifiers.CountAsync());
    }

    [Fact]
    public async Task Signing_up_without_accepting_the_terms_keeps_the_form_and_records_nothing()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient(cookies: new CookieContainer());

        using var response = await PostFormAsync(client, "/signup", new()
        {
            ["Name"] = "Grace Hopper",
            ["Email"] = "grace@example.com",
            ["Company"] = "Compilers AS",
            ["Phone"] = "not a phone",
            ["Plan"] = "business",
            ["News"] = "true",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#acceptTerms\">Accept the terms to start a trial.</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#phone\">", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Compilers AS\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"business\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"news\" name=\"News\" type=\"checkbox\" value=\"true\" checked=\"checked\"", html, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.CountAsync());
    }
}
