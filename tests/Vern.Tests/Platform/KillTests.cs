using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Platform;

/// <summary>
/// The server process killed with SIGKILL while decisions, submissions and rights requests arrive:
/// after a restart every write it acknowledged is there and both chains verify.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class KillTests
{
    private sealed record Acknowledged(ConcurrentBag<Guid> Decisions, ConcurrentBag<Guid> Submissions, ConcurrentBag<Guid> Requests);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Killed_under_load_Vern_keeps_every_acknowledged_write_and_its_chains_verify(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        string[] args = [.. site.Args, "--Vern:RateLimiting:Enabled=false"];
        var acknowledged = new Acknowledged([], [], []);

        var server = await VernProcess.ServeAsync(args, site.Directory);
        using (var stop = new CancellationTokenSource())
        {
            var workers = Enumerable.Range(0, 4).Select(n => LoadAsync(server.Address!, n, acknowledged, stop.Token)).ToList();
            // Kill once every kind of write has been acknowledged a few times, so some are surely in flight.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((acknowledged.Decisions.Count < 20 || acknowledged.Submissions.Count < 5 || acknowledged.Requests.Count < 5) && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(50);
            await server.DisposeAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        Assert.True(acknowledged.Requests.Count >= 5, $"Only {acknowledged.Decisions.Count} decisions, {acknowledged.Submissions.Count} submissions and {acknowledged.Requests.Count} requests were acknowledged before the kill.");

        await using (var restarted = await VernProcess.ServeAsync(args, site.Directory))
        using (var client = new HttpClient { BaseAddress = restarted.Address })
        {
            foreach (var id in acknowledged.Decisions)
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{ConsentApi.Decisions}/{id}")).StatusCode);
        }

        await using (var open = await site.OpenAsync())
        await using (var scope = open.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var submissions = await db.Submissions.Select(s => s.Id).ToListAsync();
            var requests = await db.RightsRequests.Select(r => r.Id).ToListAsync();
            Assert.Empty(acknowledged.Submissions.Except(submissions));
            Assert.Empty(acknowledged.Requests.Except(requests));
        }
        foreach (var verb in new[] { "audit", "ledger" })
        {
            var verified = await VernProcess.RunAsync([verb, "verify", .. args]);
            Assert.True(verified.ExitCode == 0, $"{verb} verify: {verified.Error}");
        }
    }

    /// <summary>One client sending a decision, a submission and a rights request in turn until stopped or refused.</summary>
    private static async Task LoadAsync(Uri address, int worker, Acknowledged acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var visitor = await ConsentApi.IssueVisitorIdAsync(client);
                using (var decision = await ConsentApi.PostAsync(client, ConsentApi.Body(visitor)))
                    if (decision.StatusCode == HttpStatusCode.Created)
                        acknowledged.Decisions.Add(await IdAsync(decision));
                var email = $"kill-{worker}-{i}@example.com";
                using (var submission = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email, message = "Call me." }, stop))
                    if (submission.StatusCode == HttpStatusCode.Created)
                        acknowledged.Submissions.Add(await IdAsync(submission));
                using (var request = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email }, stop))
                    if (request.StatusCode == HttpStatusCode.Accepted)
                        acknowledged.Requests.Add(await IdAsync(request));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                // The server is gone: what it acknowledged before is what must survive.
                return;
            }
        }
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}
