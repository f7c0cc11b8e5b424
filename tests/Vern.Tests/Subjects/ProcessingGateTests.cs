using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Subjects;

/// <summary>
/// The processing gate as a person's forms meet it: the submissions API and the demo site's forms, the
/// only features that use a person's data for a purpose today. What it stops is what a person would
/// notice: whether what they sent was kept, and whether their browser was connected to them. The answer
/// is the same <c>201</c> every time, so a caller cannot learn a person's state from it (ADR 11).
/// </summary>
public sealed class ProcessingGateTests
{
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    private static object Form(string purpose, string? visitorId = null, string email = "ada@example.com") =>
        new { form = "contact", purpose, email, name = "Ada Lovelace", message = "Tell me more.", visitorId };

    private static async Task<string> BrowserAsync(HttpClient client, bool marketing)
    {
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitorId, marketing: marketing));
        return visitorId;
    }

    private static async Task<HttpStatusCode> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions", body);
        return response.StatusCode;
    }

    /// <summary>What Vern holds of the person afterwards: their submissions' purposes, and which browsers are theirs.</summary>
    private static async Task<(List<string> Purposes, bool BrowserLinked, List<string> Audit)> HeldAsync(TestApp app, string email, string? visitorId)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var subjectId = await vault.FindByEmailAsync(email);
        var purposes = subjectId is { } id ? await db.Submissions.Where(s => s.SubjectId == id).Select(s => s.Purpose).OrderBy(p => p).ToListAsync() : [];
        var linked = visitorId is not null && subjectId is not null && await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, visitorId) == subjectId;
        var audit = subjectId is { } who
            ? await db.AuditEntries.Where(e => e.SubjectId == who && e.Action.StartsWith("submission.")).OrderBy(e => e.Id).Select(e => e.Action + ": " + e.Details).ToListAsync()
            : [];
        return (purposes, linked, audit);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task With_consent_given_and_current_a_marketing_submission_is_kept_and_connects_the_browser(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var browser = await BrowserAsync(client, marketing: true);

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", browser)));

        var (purposes, linked, audit) = await HeldAsync(app, "ada@example.com", browser);
        Assert.Equal(["marketing-follow-up"], purposes);
        Assert.True(linked);
        Assert.Equal(["submission.recorded: form contact, purpose marketing-follow-up"], audit);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_withdrawn_consent_stops_the_marketing_purpose_and_nothing_else(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var browser = await BrowserAsync(client, marketing: true);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(browser, action: "withdraw", analytics: false, marketing: false));

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", browser)));
        var afterMarketing = await HeldAsync(app, "ada@example.com", browser);

        // What she sent is kept (it is hers to have answered), but her browser is not connected to her for marketing.
        Assert.Equal(["marketing-follow-up"], afterMarketing.Purposes);
        Assert.False(afterMarketing.BrowserLinked);
        Assert.Equal(["submission.recorded: form contact, purpose marketing-follow-up; not processed (consent-withdrawn): stored only"], afterMarketing.Audit);

        // An enquiry rests on the contract, not on the consent she withdrew: it is processed as before.
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("customer-relationship", browser)));
        var afterEnquiry = await HeldAsync(app, "ada@example.com", browser);
        Assert.True(afterEnquiry.BrowserLinked);
        Assert.Equal("submission.recorded: form contact, purpose customer-relationship", afterEnquiry.Audit[^1]);
    }

    [Fact]
    public async Task A_consent_expires_when_the_banner_would_ask_again_not_a_moment_before()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var adaBrowser = await BrowserAsync(client, marketing: true);
        var graceBrowser = await BrowserAsync(client, marketing: true);

        clock.Advance(TimeSpan.FromDays(182) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", adaBrowser)));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", graceBrowser, "grace@example.com")));

        var ada = await HeldAsync(app, "ada@example.com", adaBrowser);
        Assert.True(ada.BrowserLinked);
        Assert.Equal(["submission.recorded: form contact, purpose marketing-follow-up"], ada.Audit);
        var grace = await HeldAsync(app, "grace@example.com", graceBrowser);
        Assert.Equal(["marketing-follow-up"], grace.Purposes);
        Assert.False(grace.BrowserLinked);
        Assert.Equal(["submission.recorded: form contact, purpose marketing-follow-up; not processed (consent-expired): stored only"], grace.Audit);

        // Consenting again in the banner (which now asks) lets the same purpose go on.
        await ConsentApi.RecordAsync(client, ConsentApi.Body(graceBrowser, marketing: true));
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", graceBrowser, "grace@example.com")));
        Assert.True((await HeldAsync(app, "grace@example.com", graceBrowser)).BrowserLinked);
    }

    [Fact]
    public async Task A_restriction_keeps_what_the_person_sends_without_processing_it_even_with_consent()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var browser = await BrowserAsync(client, marketing: true);
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).RestrictedAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", browser)));
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("customer-relationship", browser)));

        var (purposes, linked, audit) = await HeldAsync(app, "ada@example.com", browser);
        Assert.Equal(["customer-relationship", "marketing-follow-up"], purposes);
        Assert.False(linked);
        Assert.All(audit, a => Assert.EndsWith("; not processed (restricted): stored only", a, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_objection_keeps_nothing_for_marketing_even_with_consent_and_the_answer_does_not_tell(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var browser = await BrowserAsync(client, marketing: true);
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).MarketingObjectionAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("marketing-follow-up", browser)));

        var (purposes, linked, audit) = await HeldAsync(app, "ada@example.com", browser);
        Assert.Empty(purposes);
        Assert.False(linked);
        Assert.Equal(["submission.suppressed: form contact, purpose marketing-follow-up: objected-to-direct-marketing: the person objected to direct marketing"], audit);
    }

    [Fact]
    public async Task The_sign_up_form_asks_the_gate_too_the_trial_is_kept_and_product_news_is_not_after_an_objection()
    {
        await using var app = await TestApp.StartAsync();
        var id = await TestSubjects.AddAsync(app, new PersonalDetails("grace@example.com", "Grace Hopper"));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.Subjects.SingleAsync(s => s.Id == id)).MarketingObjectionAt = DateTime.UnixEpoch;
            await db.SaveChangesAsync();
        }
        using var client = app.CreateClient();

        using var response = await StaffSessions.PostFormAsync(client, "/signup", new()
        {
            ["Name"] = "Grace Hopper",
            ["Email"] = "grace@example.com",
            ["Company"] = "Compilers AS",
            ["Plan"] = "team",
            ["AcceptTerms"] = "true",
            ["News"] = "true",
        });

        Assert.Contains("Thank you. We will e-mail you", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (purposes, _, audit) = await HeldAsync(app, "grace@example.com", null);
        Assert.Equal(["customer-relationship"], purposes);
        Assert.Contains("submission.suppressed: form signup, purpose newsletter: objected-to-direct-marketing: the person objected to direct marketing", audit);
    }

    [Fact]
    public async Task While_a_verified_erasure_is_carried_out_nothing_new_is_kept()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var id = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            // Claimed far ahead, as a fulfilment waiting for an external system holds it, so the background job leaves it be.
            db.RightsRequests.Add(new Vern.Features.Rights.RightsRequest
            {
                Id = Guid.CreateVersion7(),
                Type = Vern.Features.Rights.RightsRequestType.Erasure,
                Status = Vern.Features.Rights.RightsRequestStatus.InProgress,
                SubjectId = id,
                ReceivedAt = now.AddHours(-1),
                VerifiedAt = now.AddMinutes(-30),
                DueDate = DateOnly.FromDateTime(now.AddDays(30)),
                ClaimedUntil = now.AddDays(1),
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("customer-relationship")));

        var (purposes, _, audit) = await HeldAsync(app, "ada@example.com", null);
        Assert.Empty(purposes);
        Assert.Equal(["submission.suppressed: form contact, purpose customer-relationship: erasure-pending: the person's erasure is being carried out"], audit);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_objection_stops_legitimate_interests_until_a_privacy_officer_records_compelling_grounds(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var subjectId = await RequestFlow.KnownPersonAsync(app, Kari);
        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "objection", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("site-operation", email: Kari.Email!)));
        Assert.DoesNotContain("site-operation", (await HeldAsync(app, Kari.Email!, null)).Purposes);

        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "olga@example.com", secret);
        var path = $"/admin/requests/{requestId}/compelling-grounds";
        using var blank = await StaffSessions.PostFormAsync(officer, path, new() { ["Grounds"] = " " }, tokenFrom: $"/admin/requests/{requestId}");
        Assert.Contains("Give the compelling legitimate grounds", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var recorded = await StaffSessions.PostFormAsync(officer, path,
            new() { ["Grounds"] = "The requests come from an address used in an ongoing fraud case; we must keep securing the site against it." }, tokenFrom: $"/admin/requests/{requestId}");
        Assert.Equal($"/admin/requests/{requestId}?done=grounds", recorded.Headers.Location!.OriginalString);
        Assert.DoesNotContain("Record the grounds", await officer.GetStringAsync($"/admin/requests/{requestId}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("site-operation", email: Kari.Email!)));
        Assert.Equal(HttpStatusCode.Created, await SubmitAsync(client, Form("newsletter", email: Kari.Email!)));
        var purposes = (await HeldAsync(app, Kari.Email!, null)).Purposes;
        Assert.Contains("site-operation", purposes);
        // Grounds never reach direct marketing (Art. 21(3)).
        Assert.DoesNotContain("newsletter", purposes);
        await using var scope = app.CreateScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.SingleAsync(e => e.Action == "subject.compelling-grounds");
        Assert.Equal(("olga@example.com", subjectId, requestId), (entry.Actor, entry.SubjectId, entry.RequestId));
        Assert.StartsWith("The requests come from an address used in an ongoing fraud case", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_reasons_keep_their_spellings()
    {
        // Written to the audit trail, so a renamed member must not change what past entries say.
        Assert.Equal(
            ["purpose-not-defined", "erased", "erasure-pending", "objected-to-direct-marketing", "objected", "restricted", "no-consent", "consent-withdrawn", "consent-expired", "blocked"],
            Vern.Infrastructure.Formats.WireNames.All<ProcessingRefusal>());
        Assert.Equal("\"consent-expired\"", JsonSerializer.Serialize(ProcessingRefusal.ConsentExpired));
    }
}
