using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>One person can never read, confirm or change another person's request.</summary>
public sealed class RequestIsolationTests
{
    [Fact]
    public async Task A_link_confirms_only_its_own_request_and_an_altered_link_confirms_nothing()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        using var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "b@example.no" });
        var bPath = new Uri(RequestFlow.VerifyLinkIn((await RequestFlow.OutboxAsync(app)).Single())).PathAndQuery;

        // An altered token (one character changed) is refused like any unknown one.
        var token = Uri.UnescapeDataString(bPath[(bPath.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var altered = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        var refused = await StaffSessions.PostFormAsync(client, bPath, new() { ["Token"] = altered });
        Assert.Contains("This link is not valid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var aId = await RequestFlow.SubmitAndConfirmAsync(app, client, "access", "a@example.no");

        await using var scope = app.CreateScope();
        var statuses = await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.ToDictionaryAsync(r => r.Id, r => r.Status);
        Assert.Equal(RightsRequestStatus.Verified, statuses[aId]);
        Assert.Equal(RightsRequestStatus.AwaitingVerification, Assert.Single(statuses, s => s.Key != aId).Value);
    }

    [Fact]
    public async Task A_request_id_opens_nothing_to_the_public()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "a@example.no" });
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        Assert.Null(response.Headers.Location);
        foreach (var path in new[] { $"/api/v1/rights-requests/{id}", $"/admin/requests/{id}", $"/privacy/requests/download?token={id}" })
        {
            using var probe = await client.GetAsync(path);
            var body = await probe.Content.ReadAsStringAsync();
            Assert.DoesNotContain("a@example.no", body, StringComparison.Ordinal);
            Assert.True(probe.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.Redirect or HttpStatusCode.OK, $"{path}: {probe.StatusCode}");
            if (path.StartsWith("/admin", StringComparison.Ordinal))
                Assert.Equal(HttpStatusCode.Redirect, probe.StatusCode); // to the sign-in page
        }
    }
}
