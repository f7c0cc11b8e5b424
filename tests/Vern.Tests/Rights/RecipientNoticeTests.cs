using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

public sealed class RecipientNoticeTests
{
    private const string Officer = "olga@example.com";
    private const string Support = "sam@example.com";
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    private static async Task<List<RequestSourceResult>> RecipientTasksAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().RequestSourceResults.AsNoTracking()
            .Where(r => r.RequestId == id && r.Source.StartsWith("recipient:"))
            .OrderBy(r => r.Source)
            .ToListAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_erasure_leaves_a_task_per_recipient_without_a_connector_and_marking_one_told_is_recorded_and_audited(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        await StaffSessions.CreateAsync(app, Support, StaffRoles.Support);
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);

        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "erasure", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        // The default model's processors of contact details: the accountant, and HubSpot, whose connector is not configured here.
        // Sub-processors (Postmark, Hetzner) and the tax authorities are not told.
        var tasks = await RecipientTasksAsync(app, id);
        Assert.Equal(["recipient:accountant", "recipient:hubspot"], tasks.Select(t => t.Source));
        Assert.All(tasks, t => Assert.Equal(SourceStatus.Notify, t.Status));
        Assert.Equal("Tell Regnskapshuset Nord AS of the erasure (Art. 19)", tasks[0].Detail);
        Assert.Null(tasks[0].AcknowledgedAt);

        using var support = await StaffSessions.SignInAsync(app, Support);
        var supportPage = await support.GetStringAsync($"/admin/requests/{id}");
        Assert.Contains("Tell Regnskapshuset Nord AS of the erasure (Art. 19)", supportPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Mark as told", supportPage, StringComparison.Ordinal);
        var denied = await StaffSessions.PostFormAsync(support, $"/admin/requests/{id}/recipients", new() { ["Source"] = "recipient:accountant" }, tokenFrom: "/privacy/requests");
        Assert.Equal("/admin/denied", denied.Headers.Location!.AbsolutePath);

        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var page = await officer.GetStringAsync($"/admin/requests/{id}");
        Assert.Contains("Recipients to tell (GDPR Art. 19)", page, StringComparison.Ordinal);
        Assert.Contains("Mark as told / acknowledged", page, StringComparison.Ordinal);

        var marked = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{id}/recipients", new() { ["Source"] = "recipient:accountant" }, tokenFrom: $"/admin/requests/{id}");

        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.EndsWith("?done=notified", marked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        tasks = await RecipientTasksAsync(app, id);
        Assert.Equal("done", tasks[0].Status.ToWire());
        Assert.NotNull(tasks[0].AcknowledgedAt);
        Assert.NotNull(tasks[0].CompletedAt);
        Assert.Equal(SourceStatus.Notify, tasks[1].Status);
        await using (var scope = app.CreateScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "recipient.notified");
            Assert.Equal(Officer, audit.Actor);
            Assert.Contains("accountant", audit.Details, StringComparison.Ordinal);
            Assert.Contains(id.ToString(), audit.Details, StringComparison.Ordinal);
        }
        var after = await officer.GetStringAsync($"/admin/requests/{id}");
        Assert.Contains("recipient.notified", after, StringComparison.Ordinal);
        Assert.Contains("told, acknowledged", after, StringComparison.Ordinal);

        var again = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{id}/recipients", new() { ["Source"] = "recipient:accountant" }, tokenFrom: $"/admin/requests/{id}");
        Assert.Contains("already marked as told", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_request_tells_no_recipient()
    {
        await using var app = await TestApp.StartAsync();
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);

        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");

        Assert.Empty(await RecipientTasksAsync(app, id));
    }

    [Fact]
    public async Task A_recipient_with_a_connector_is_not_a_task_and_neither_is_one_that_never_sees_contact_details()
    {
        await using var app = await TestApp.StartAsync();
        var model = DefaultModel(app);

        var withHubSpot = RecipientNotices.Qualifying(model, [new Connector("hubspot"), new Connector("google-analytics")]);

        Assert.Equal(["accountant"], withHubSpot.Select(r => r.Id));
        // Google only receives visitor ids and usage data (site statistics), never the person's contact details.
        Assert.DoesNotContain(RecipientNotices.Qualifying(model, []), r => r.Id is "google" or "google-llc");
    }

    private sealed class Connector(string name) : IPersonalDataSource
    {
        public string Name => name;
        public bool External => true;
        public IReadOnlyList<Type> Covers => [];
        public Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct) => throw new NotSupportedException();
        public Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct) => throw new NotSupportedException();
    }
}
