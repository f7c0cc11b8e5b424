using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

public sealed class ReviewAccessTests
{
    private const string Officer = "olga@example.com";
    private const string Support = "sam@example.com";
    private const string Complete = "Your privacy request is complete";
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    private static async Task<(TestApp App, string Secret)> StartAsync(Provider provider)
    {
        var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Rights:ReviewAccess"] = "true" });
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        await StaffSessions.CreateAsync(app, Support, StaffRoles.Support);
        return (app, secret!);
    }

    /// <summary>Waits for the background fulfilment to build the package and stop for review.</summary>
    private static async Task<RightsRequest> AwaitingReviewAsync(TestApp app, Guid id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = app.CreateScope())
            {
                var request = await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id);
                if (request.Status != RightsRequestStatus.Verified && request.Status != RightsRequestStatus.InProgress || clock.Elapsed > TimeSpan.FromSeconds(20))
                    return request;
            }
            await Task.Delay(100);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task With_review_on_the_package_waits_unsent_until_a_privacy_officer_approves_it(Provider provider)
    {
        var (app, secret) = await StartAsync(provider);
        await using var _app = app;
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);
        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Kari.Email!);

        var waiting = await AwaitingReviewAsync(app, id);

        Assert.Equal(RightsRequestStatus.AwaitingReview, waiting.Status);
        Assert.True(RightsRequestStatus.IsOpen(waiting.Status));
        var outbox = await RequestFlow.OutboxAsync(app);
        Assert.DoesNotContain(outbox, m => m.Subject == Complete);
        Assert.DoesNotContain(outbox, m => (m.TextBody ?? "").Contains("/privacy/requests/download", StringComparison.Ordinal));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(id, (await db.AccessPackages.SingleAsync()).RequestId);
            Assert.DoesNotContain(await db.RequestMessages.Where(m => m.RequestId == id).Select(m => m.Kind).ToListAsync(), k => k == RequestMessageKind.Completion);
        }

        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var page = await officer.GetStringAsync($"/admin/requests/{id}");
        Assert.Contains("Approve and send", page, StringComparison.Ordinal);
        Assert.Contains("Download the package to review", page, StringComparison.Ordinal);
        Assert.Contains("access-package.built", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Kari.Email!, page, StringComparison.Ordinal);

        var approved = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{id}/approve", [], tokenFrom: $"/admin/requests/{id}");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.EndsWith("?done=approved", approved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, Complete);
        Assert.Contains("Your copy of your data is ready to download until", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("record(s) included.", done.TextBody, StringComparison.Ordinal);
        var zip = await RequestFlow.DownloadAsync(visitor, RequestFlow.DownloadLinkIn(done));
        Assert.Contains("index.html", Unzip(zip).Keys);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var request = await db.RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id);
            Assert.Equal(RightsRequestStatus.Completed, request.Status);
            Assert.NotNull(request.ClosedAt);
            var approval = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "access-package.approved");
            Assert.Equal((Officer, request.SubjectId), (approval.Actor, approval.SubjectId));
            Assert.Contains(RequestMessageKind.Completion, await db.RequestMessages.Where(m => m.RequestId == id).Select(m => m.Kind).ToListAsync());
        }
        var after = await officer.GetStringAsync($"/admin/requests/{id}");
        Assert.DoesNotContain("Approve and send", after, StringComparison.Ordinal);
        Assert.Contains("access-package.approved", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_can_neither_approve_nor_download_a_package_under_review()
    {
        var (app, _) = await StartAsync(Provider.Sqlite);
        await using var _app = app;
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);
        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "portability", Kari.Email!);
        Assert.Equal(RightsRequestStatus.AwaitingReview, (await AwaitingReviewAsync(app, id)).Status);
        using var support = await StaffSessions.SignInAsync(app, Support);

        var page = await support.GetStringAsync($"/admin/requests/{id}");
        var approve = await StaffSessions.PostFormAsync(support, $"/admin/requests/{id}/approve", [], tokenFrom: "/privacy/requests");
        var download = await StaffSessions.PostFormAsync(support, $"/admin/requests/{id}/package", new() { ["Reason"] = "curious" }, tokenFrom: "/privacy/requests");

        Assert.Contains("Review the package", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Approve and send", page, StringComparison.Ordinal);
        foreach (var response in new[] { approve, download })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/denied", response.Headers.Location!.AbsolutePath);
        }
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(RightsRequestStatus.AwaitingReview, (await db.RightsRequests.SingleAsync(r => r.Id == id)).Status);
        Assert.DoesNotContain(await RequestFlow.OutboxAsync(app), m => m.Subject == Complete);
        Assert.Empty(await db.AuditEntries.Where(e => e.Action == "subject.viewed" || e.Action == "access-package.approved").ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_reviewer_downloads_the_package_only_with_a_reason_and_the_view_is_audited(Provider provider)
    {
        var (app, secret) = await StartAsync(provider);
        await using var _app = app;
        using var visitor = app.CreateClient();
        var subjectId = await RequestFlow.KnownPersonAsync(app, Kari);
        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Kari.Email!);
        Assert.Equal(RightsRequestStatus.AwaitingReview, (await AwaitingReviewAsync(app, id)).Status);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);

        var noReason = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{id}/package", new() { ["Reason"] = " " }, tokenFrom: $"/admin/requests/{id}");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Equal("text/html", noReason.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Give a reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var download = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{id}/package",
            new() { ["Reason"] = "Review before the package is sent" }, tokenFrom: $"/admin/requests/{id}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.True(download.Headers.CacheControl?.NoStore);
        var files = Unzip(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(Kari.Email!, System.Text.Encoding.UTF8.GetString(files["data.json"]), StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var view = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "subject.viewed");
            Assert.Equal((Officer, subjectId, "Review before the package is sent"), (view.Actor, view.SubjectId, view.Reason));
            Assert.Contains(id.ToString(), view.Details, StringComparison.Ordinal);
            // Looking is not approving: the person still has no link.
            Assert.Equal(RightsRequestStatus.AwaitingReview, (await db.RightsRequests.SingleAsync(r => r.Id == id)).Status);
        }
        Assert.DoesNotContain(await RequestFlow.OutboxAsync(app), m => m.Subject == Complete);
        Assert.Contains("subject.viewed", await officer.GetStringAsync($"/admin/requests/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_setting_the_package_link_goes_out_at_once()
    {
        await using var app = await TestApp.StartAsync();
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);

        await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Kari.Email!);

        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, Complete);
        Assert.NotEmpty(RequestFlow.DownloadLinkIn(done));
    }
}
