using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>
/// Restriction and objection reach where processing happens: Vern's own records, the consent given in
/// the banner, and the external systems that act on their own (HubSpot, the customer's webhook).
/// </summary>
public sealed class ProcessingLimitTests
{
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    private static Dictionary<string, string?> Connectors(FakeServer hubspot, FakeServer webhook) => new()
    {
        ["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010",
        ["Rights:Connectors:HubSpot:BaseUrl"] = hubspot.BaseAddress.ToString(),
        ["Rights:Connectors:HubSpot:AccessToken"] = "pat-test-token",
        ["Rights:Connectors:Webhook:Url"] = new Uri(webhook.BaseAddress, "hooks/vern").ToString(),
        ["Rights:Connectors:Webhook:Secret"] = "whsec-limits",
        ["Rights:Connectors:Webhook:Name"] = "shop",
        // The fake endpoint listens on plain http.
        ["Rights:Connectors:Webhook:AllowHttp"] = "true",
    };

    private static Reply Done(RecordedRequest _) => new(200, """{"outcome":"done","detail":"The shop stopped it."}""");

    private static async Task<Dictionary<string, bool>> LatestCategoriesAsync(TestApp app, string visitorId)
    {
        await using var scope = app.CreateScope();
        var latest = await scope.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorId == visitorId).OrderByDescending(r => r.Sequence).FirstAsync();
        return JsonSerializer.Deserialize<Dictionary<string, bool>>(latest.Categories)!;
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_objection_unsubscribes_the_person_in_HubSpot_tells_the_webhook_and_withdraws_only_marketing_consent(Provider provider)
    {
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(200, """{"results":[]}"""));
        await using var webhook = await FakeServer.StartAsync(Done);
        await using var app = await TestApp.StartAsync(provider, Connectors(hubspot, webhook));
        using var client = app.CreateClient();
        var (subjectId, visitorId) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "objection", Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        var unsubscribe = Assert.Single(hubspot.Requests);
        Assert.Equal("POST", unsubscribe.Method);
        Assert.Equal($"/communication-preferences/v4/statuses/{Uri.EscapeDataString(Kari.Email!)}/unsubscribe-all?channel=EMAIL", unsubscribe.PathAndQuery);
        Assert.Equal("object", JsonDocument.Parse(Assert.Single(webhook.Requests).Body).RootElement.GetProperty("event").GetString());
        // Marketing consent ends; the analytics consent Kari gave is hers to keep or change.
        var categories = await LatestCategoriesAsync(app, visitorId);
        Assert.False(categories["marketing"]);
        Assert.True(categories["analytics"]);
        Assert.Contains("never again use your data for direct marketing", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("unsubscribed from every e-mail HubSpot sends", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("consent to marketing you had given in our cookie banner was withdrawn", done.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("What is still open", done.TextBody, StringComparison.Ordinal);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.NotNull((await db.Subjects.SingleAsync(s => s.Id == subjectId)).MarketingObjectionAt);
        var results = await db.RequestSourceResults.AsNoTracking().Where(r => r.RequestId == requestId).ToListAsync();
        Assert.NotNull(results.Single(r => r.Source == "hubspot").AcknowledgedAt);
        Assert.Equal("done", results.Single(r => r.Source == "shop").Status.ToWire());
        // HubSpot, the only recipient that markets, was reached by its connector: nothing is left for staff.
        Assert.DoesNotContain(results, r => r.Source.StartsWith(RecipientNotices.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restriction_tells_the_webhook_keeps_consent_as_given_and_leaves_HubSpot_to_staff_as_an_Art_19_task()
    {
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(200, "{}"));
        await using var webhook = await FakeServer.StartAsync(Done);
        await using var app = await TestApp.StartAsync(settings: Connectors(hubspot, webhook));
        using var client = app.CreateClient();
        var (subjectId, visitorId) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "restriction", Kari.Email!);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Empty(hubspot.Requests);
        Assert.Equal("restrict", JsonDocument.Parse(Assert.Single(webhook.Requests).Body).RootElement.GetProperty("event").GetString());
        Assert.True((await LatestCategoriesAsync(app, visitorId))["marketing"]);
        var text = done.TextBody ?? "";
        var open = text[text.IndexOf("What is still open", StringComparison.Ordinal)..];
        Assert.Contains("HubSpot cannot restrict a contact", open, StringComparison.Ordinal);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.NotNull((await db.Subjects.SingleAsync(s => s.Id == subjectId)).RestrictedAt);
        var task = await db.RequestSourceResults.SingleAsync(r => r.RequestId == requestId && r.Source == RecipientNotices.Prefix + "hubspot");
        Assert.Equal(SourceStatus.Notify, task.Status);
        Assert.Contains("restriction (Art. 19)", task.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_HubSpot_is_down_an_objection_already_holds_in_Vern_and_the_banner_consent_and_HubSpot_follows_on_retry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var hubspotUp = false;
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(Volatile.Read(ref hubspotUp) ? 200 : 503));
        await using var webhook = await FakeServer.StartAsync(Done);
        await using var app = await TestApp.StartAsync(settings: Connectors(hubspot, webhook), configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var (subjectId, visitorId) = await RequestFlow.KnownPersonWithBrowserAsync(app, client, Kari);

        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "objection", Kari.Email!);
        // The in-call retries, then the durable schedule, saved before the clock moves on to it.
        await RequestFlow.WaitForResultAsync(app, requestId, "hubspot", r => r.Status.ToWire() == "pending" && r.NextAttemptAt != null);
        Assert.Equal(3, hubspot.Requests.Count);

        // Immediate where Vern decides: a newsletter sign-up is no longer kept, and marketing consent is gone.
        using var signup = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "signup", purpose = "newsletter", email = Kari.Email });
        Assert.Equal(System.Net.HttpStatusCode.Created, signup.StatusCode);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.NotNull((await db.Subjects.SingleAsync(s => s.Id == subjectId)).MarketingObjectionAt);
            Assert.False(await db.Submissions.AnyAsync(s => s.Purpose == "newsletter"));
        }
        Assert.False((await LatestCategoriesAsync(app, visitorId))["marketing"]);
        Assert.DoesNotContain(await RequestFlow.OutboxAsync(app), m => m.Subject == "Your privacy request is complete");

        Volatile.Write(ref hubspotUp, true);
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<RightsFulfilmentService>().RunOnceAsync(CancellationToken.None);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Contains("unsubscribed from every e-mail HubSpot sends", done.TextBody, StringComparison.Ordinal);
        // The banner's consent was withdrawn once, not again on the retry.
        await using var check = app.CreateScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords.CountAsync(r => r.VisitorId == visitorId && r.Action == ConsentAction.Withdraw));
        Assert.Single(webhook.Requests);
    }

    [Fact]
    public async Task A_restriction_is_lifted_only_with_a_reason_and_after_the_person_was_told()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var subjectId = await RequestFlow.KnownPersonAsync(app, Kari);
        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "restriction", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "olga@example.com", secret);
        var path = $"/admin/requests/{requestId}/lift-restriction";

        Assert.Contains("Notify the person and lift the restriction", await officer.GetStringAsync($"/admin/requests/{requestId}"), StringComparison.Ordinal);
        using var blank = await StaffSessions.PostFormAsync(officer, path, new() { ["Reason"] = " " }, tokenFrom: $"/admin/requests/{requestId}");
        Assert.Contains("Give the reason for lifting the restriction", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
            Assert.NotNull((await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.SingleAsync(s => s.Id == subjectId)).RestrictedAt);

        using var lifted = await StaffSessions.PostFormAsync(officer, path,
            new() { ["Reason"] = "We checked the phone number you contested with you on the phone; it is correct." }, tokenFrom: $"/admin/requests/{requestId}");

        Assert.Equal($"/admin/requests/{requestId}?done=lifted", lifted.Headers.Location!.OriginalString);
        var notice = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "We are lifting the restriction on your data");
        Assert.Contains("We checked the phone number you contested", notice.TextBody, StringComparison.Ordinal);
        await using var check = app.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Null((await db.Subjects.SingleAsync(s => s.Id == subjectId)).RestrictedAt);
        var sent = await db.RequestMessages.Where(m => m.RequestId == requestId && m.Kind == RequestMessageKind.RestrictionLifted).SingleAsync();
        var liftedAt = (await db.AuditEntries.SingleAsync(e => e.Action == "subject.restriction-lifted")).At;
        Assert.True(sent.SentAt <= liftedAt, "The restriction was lifted before the person was told.");
        // Once lifted there is nothing left to lift.
        Assert.DoesNotContain("Notify the person and lift the restriction", await officer.GetStringAsync($"/admin/requests/{requestId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifting_a_restriction_tells_the_webhook_and_names_HubSpot_for_staff_on_the_case()
    {
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(200, "{}"));
        await using var webhook = await FakeServer.StartAsync(Done);
        await using var app = await TestApp.StartAsync(settings: Connectors(hubspot, webhook));
        using var client = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);
        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, client, "restriction", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "olga@example.com", secret);

        using var lifted = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{requestId}/lift-restriction",
            new() { ["Reason"] = "The contested details are correct." }, tokenFrom: $"/admin/requests/{requestId}");

        Assert.Equal($"/admin/requests/{requestId}?done=lifted", lifted.Headers.Location!.OriginalString);
        Assert.Equal(["restrict", "unrestrict"], webhook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
        Assert.Empty(hubspot.Requests);
        var casePage = await officer.GetStringAsync($"/admin/requests/{requestId}?done=lifted");
        Assert.Contains("restriction-lifted.systems-told", casePage, StringComparison.Ordinal);
        Assert.Contains("hubspot: unsupported", casePage, StringComparison.Ordinal);
        Assert.Contains("shop: done", casePage, StringComparison.Ordinal);
    }
}
