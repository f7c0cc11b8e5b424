using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed class RectificationTests
{
    private const string Officer = "olga@example.com";
    private const string Email = "kari.nordmann@example.no";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_privacy_officer_corrects_the_data_everywhere_and_the_person_is_told_what_was_corrected(Provider provider)
    {
        await using var hubspot = await FakeServer.StartAsync(_ => new Reply(200, "{\"id\":\"151\",\"properties\":{}}"));
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010",
            ["Rights:Connectors:HubSpot:BaseUrl"] = hubspot.BaseAddress.ToString(),
            ["Rights:Connectors:HubSpot:AccessToken"] = "pat-test-token",
        });
        var subjectId = await TestSubjects.AddAsync(app, new PersonalDetails(Email, "Kari Nordman", "+47 912 34 567"));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var person = app.CreateClient();
        var requestId = await RequestFlow.SubmitAndConfirmAsync(app, person, "rectification", Email);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);

        var empty = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{requestId}/rectify", new(), $"/admin/requests/{requestId}");
        Assert.Contains("Give at least one corrected detail", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await StaffSessions.PostFormAsync(officer, $"/admin/requests/{requestId}/rectify", new() { ["Name"] = "Kari Nordmann" }, $"/admin/requests/{requestId}");
        Assert.Equal($"/admin/requests/{requestId}?done=rectified", done.Headers.Location?.OriginalString);

        var mail = await RequestFlow.WaitForMailAsync(app, Email, "Your privacy request is complete");
        Assert.Contains("We corrected your name in our records.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari Nordmann", mail.TextBody, StringComparison.Ordinal);
        var patch = Assert.Single(hubspot.Requests, r => r.Method == "PATCH");
        Assert.Contains("\"firstname\":\"Kari\"", patch.Body, StringComparison.Ordinal);
        Assert.Contains("\"lastname\":\"Nordmann\"", patch.Body, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId);
        Assert.Equal(("Kari Nordmann", "+47 912 34 567", Email), (details!.Name, details.Phone, details.Email));
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(RightsRequestStatus.Completed, (await db.RightsRequests.SingleAsync(r => r.Id == requestId)).Status);
        var audit = await db.AuditEntries.Where(e => e.Action == "subject.rectified").SingleAsync();
        Assert.Equal(Officer, audit.Actor);
        Assert.DoesNotContain("Nordmann", audit.Details, StringComparison.Ordinal);
        Assert.Equal("done", (await db.RequestSourceResults.SingleAsync(r => r.RequestId == requestId && r.Source == "hubspot")).Status.ToWire());
        // HubSpot was told by its connector; the accountant has none, so telling it is left to staff (Art. 19).
        var recipients = await db.RequestSourceResults.Where(r => r.RequestId == requestId && r.Source.StartsWith("recipient:")).ToListAsync();
        var accountant = Assert.Single(recipients);
        Assert.Equal(("recipient:accountant", "notify", "Tell Regnskapshuset Nord AS of the rectification (Art. 19)"), (accountant.Source, accountant.Status.ToWire(), accountant.Detail));
    }
}
