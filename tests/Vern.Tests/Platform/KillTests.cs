using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Platform;

/// <summary>
/// The server process killed with SIGKILL while decisions, submissions and rights requests arrive and
/// people confirm their requests: after a restart every write it acknowledged is there, both chains
/// verify, every decision's receipt from its 201 verifies and is proven in the log's final head, and
/// every confirmed request is carried out once, with one answer to the person.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class KillTests
{
    private sealed record Acknowledged(ConcurrentBag<(Guid Id, string Receipt)> Decisions, ConcurrentBag<Guid> Submissions, ConcurrentBag<Guid> Requests, ConcurrentBag<Guid> Confirmed);

    // Long enough for one request's work under this load, short enough for the test to wait out
    // the claims the killed process held: the restarted server takes them over once it runs out.
    private const string Lease = "--Vern:WorkLease=00:00:05";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Killed_under_load_Vern_keeps_every_acknowledged_write_and_its_chains_verify(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        string[] args = [.. site.Args, "--Vern:RateLimiting:Enabled=false", Lease];
        var acknowledged = new Acknowledged([], [], [], []);

        var server = await VernProcess.ServeAsync(args, site.Directory);
        using (var stop = new CancellationTokenSource())
        {
            var workers = Enumerable.Range(0, 4).Select(n => LoadAsync(server.Address!, site.DataFile("outbox"), n, acknowledged, stop.Token)).ToList();
            // Kill once every kind of write has been acknowledged a few times, so some are surely in flight.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((acknowledged.Decisions.Count < 20 || acknowledged.Submissions.Count < 5 || acknowledged.Confirmed.Count < 6) && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(50);
            await server.DisposeAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        Assert.True(acknowledged.Confirmed.Count >= 6, $"Only {acknowledged.Decisions.Count} decisions, {acknowledged.Submissions.Count} submissions, {acknowledged.Requests.Count} requests and {acknowledged.Confirmed.Count} confirmations were acknowledged before the kill.");

        await using (var restarted = await VernProcess.ServeAsync(args, site.Directory))
        using (var client = new HttpClient { BaseAddress = restarted.Address })
        {
            foreach (var (id, _) in acknowledged.Decisions)
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{ConsentApi.Decisions}/{id}")).StatusCode);
            await EveryReceiptProvenInTheFinalHeadAsync(client, acknowledged);
            await EveryConfirmedRequestAnsweredAsync(site);
        }
        await EachPersonToldOnceAsync(site, acknowledged);

        await using (var open = await site.OpenAsync())
        await using (var scope = open.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var submissions = await db.Submissions.Select(s => s.Id).ToListAsync();
            var requests = await db.RightsRequests.Select(r => r.Id).ToListAsync();
            Assert.Empty(acknowledged.Submissions.Except(submissions));
            Assert.Empty(acknowledged.Requests.Except(requests));
        }
        // Both only read, so they run side by side.
        var verbs = new[] { "audit", "ledger" };
        var verified = await Task.WhenAll(verbs.Select(verb => VernProcess.RunAsync([verb, "verify", .. args])));
        foreach (var (verb, outcome) in verbs.Zip(verified))
            Assert.True(outcome.ExitCode == 0, $"{verb} verify: {outcome.Error}");
    }

    /// <summary>
    /// Each acknowledged decision's receipt, as its 201 carried it, verifies against the published keys, is the
    /// receipt the restarted server gives for it, and the head it names is proven a prefix of the log's final head.
    /// </summary>
    private static async Task EveryReceiptProvenInTheFinalHeadAsync(HttpClient client, Acknowledged acknowledged)
    {
        var jwks = await ConsentApi.JwksAsync(client);
        var final = JsonDocument.Parse(await client.GetStringAsync("/api/v1/consent/log/head")).RootElement;
        var size = final.GetProperty("size").GetInt64();
        var root = ConsentApi.Base64UrlDecode(final.GetProperty("root").GetString()!);
        var receipts = acknowledged.Decisions.Select(d => (d.Id, d.Receipt, Decoded: ReceiptFormat.Decode(d.Receipt))).ToList();
        foreach (var (id, receipt, decoded) in receipts)
        {
            Assert.True(decoded.VerifiesWith(jwks), $"The receipt of {id} does not verify");
            Assert.True(decoded.Index < size, $"Decision {id} is leaf {decoded.Index}, beyond the final head's {size}");
            var full = await ConsentApi.FullReceiptAsync(client, id.ToString());
            Assert.Equal(receipt, full.GetProperty("receipt").GetString());
        }
        foreach (var group in receipts.GroupBy(r => r.Decoded.Size))
        {
            var proof = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/consent/log/consistency?from={group.Key}&to={size}")).RootElement
                .GetProperty("proof").EnumerateArray().Select(p => ConsentApi.Base64UrlDecode(p.GetString()!)).ToList();
            Assert.True(MerkleTree.VerifyConsistency(group.Key, size, group.First().Decoded.Root(), root, proof), $"The head of size {group.Key} is not a prefix of the final head");
        }
    }

    /// <summary>
    /// Waits until the restarted server has finished every request that was confirmed and sent every
    /// e-mail, the killed process's unfinished work included.
    /// </summary>
    private static async Task EveryConfirmedRequestAnsweredAsync(TestSite site)
    {
        await using var open = await site.OpenAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<string> unfinished = [];
        do
        {
            await Task.Delay(500);
            await using var scope = open.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            unfinished = await db.RightsRequests
                .Where(r => r.VerifiedAt != null && (r.Status == RightsRequestStatus.Verified || r.Status == RightsRequestStatus.InProgress))
                .Select(r => new { r.Type, r.Id }).ToListAsync() is var requests ? requests.ConvertAll(r => $"{r.Type.ToWire()} {r.Id}") : [];
            unfinished.AddRange(await db.OutboxMessages.Select(m => "e-mail " + m.Id).ToListAsync());
        }
        while (unfinished.Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(90));
        Assert.True(unfinished.Count == 0, $"Still not carried out after the restart: {string.Join(", ", unfinished)}");
    }

    /// <summary>
    /// Each person got one confirmation link and, once they confirmed, one answer: never two, never
    /// none. Each confirmed erasure erased them for good: ledger entry, data key destroyed.
    /// </summary>
    private static async Task EachPersonToldOnceAsync(TestSite site, Acknowledged acknowledged)
    {
        var mailboxes = Directory.GetFiles(site.DataFile("outbox"), "*.eml")
            .Select(file => MimeKit.MimeMessage.Load(file))
            .GroupBy(m => m.To.Mailboxes.Single().Address)
            .ToDictionary(g => g.Key, g => g.Select(m => $"{m.Subject} <{m.MessageId}>").ToList());
        await using var open = await site.OpenAsync();
        await using var scope = open.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<Vern.Features.Subjects.SubjectVault>();
        var requests = await db.RightsRequests.AsNoTracking().ToListAsync();
        Assert.Empty(acknowledged.Confirmed.Except(requests.Where(r => r.VerifiedAt != null).Select(r => r.Id)));
        var verified = requests.Where(r => r.VerifiedAt != null).ToList();
        foreach (var request in requests)
        {
            var messages = await db.RequestMessages.Where(m => m.RequestId == request.Id).Select(m => m.Kind).ToListAsync();
            Assert.True((request.VerifiedAt is null ? 1 : 2) == messages.Count,
                $"{request.Type.ToWire()} {request.Id} ({request.Status.ToWire()}, {(request.VerifiedAt is null ? "unconfirmed" : "confirmed")}) was sent {string.Join(", ", messages.Select(m => m.ToWire()))}");
        }
        // Addresses are unique per request, so each mailbox belongs to one request.
        var expected = requests.Count(r => r.VerifiedAt is null) + 2 * verified.Count;
        Assert.All(mailboxes, box => Assert.True(box.Value.Count <= 2, $"{box.Key} got {box.Value.Count} messages: {string.Join(" | ", box.Value)}"));
        Assert.Equal(expected, mailboxes.Values.Sum(m => m.Count));

        var keys = scope.ServiceProvider.GetRequiredService<Vern.Infrastructure.Crypto.KeyStore>();
        foreach (var erasure in verified.Where(r => r.Type == RightsRequestType.Erasure))
        {
            Assert.Equal(RightsRequestStatus.Completed, erasure.Status);
            Assert.True(await db.ErasureLedger.AnyAsync(e => e.RequestId == erasure.Id), $"No erasure ledger entry for {erasure.Id}");
            Assert.Null(await vault.RevealAsync(erasure.SubjectId));
            Assert.Empty(await keys.ExistingAsync([erasure.SubjectId.ToString()]));
            Assert.False(await db.Submissions.AnyAsync(s => s.SubjectId == erasure.SubjectId));
        }
    }

    /// <summary>
    /// One client sending a decision, a submission and a rights request in turn, and confirming each
    /// request from the e-mailed link, as the person would, until stopped or refused.
    /// </summary>
    private static async Task LoadAsync(Uri address, string outbox, int worker, Acknowledged acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var visitor = await ConsentApi.IssueVisitorIdAsync(client);
                using (var decision = await ConsentApi.PostAsync(client, ConsentApi.Body(visitor)))
                    if (decision.StatusCode == HttpStatusCode.Created)
                    {
                        var answer = await decision.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                        acknowledged.Decisions.Add((answer.GetProperty("id").GetGuid(), answer.GetProperty("receipt").GetString()!));
                    }
                var email = $"kill-{worker}-{i}@example.com";
                // Every other person asks for erasure, which removes their submission again: only the
                // others' must survive, and the erasure assertions cover the rest.
                var erasure = i % 2 == 0;
                using (var submission = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email, message = "Call me." }, stop))
                    if (submission.StatusCode == HttpStatusCode.Created && !erasure)
                        acknowledged.Submissions.Add(await IdAsync(submission));
                Guid id;
                using (var request = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = erasure ? "erasure" : "access", email }, stop))
                {
                    if (request.StatusCode != HttpStatusCode.Accepted)
                        continue;
                    id = await IdAsync(request);
                    acknowledged.Requests.Add(id);
                }
                if (await ConfirmAsync(client, outbox, email))
                    acknowledged.Confirmed.Add(id);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                // The server is gone: what it acknowledged before is what must survive.
                return;
            }
        }
    }

    /// <summary>Opens the confirmation link e-mailed to <paramref name="email"/> and confirms, as the person does.</summary>
    private static async Task<bool> ConfirmAsync(HttpClient client, string outbox, string email)
    {
        var mail = Directory.GetFiles(outbox, "*.eml").Select(file => MimeKit.MimeMessage.Load(file))
            .Single(m => m.To.Mailboxes.Single().Address == email);
        var path = new Uri(Rights.RequestFlow.VerifyLinkIn(mail)).PathAndQuery;
        var token = Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        // The server runs in production mode, so its cookies are Secure and a cookie container would
        // not send them back over this loopback http: the anti-forgery cookie is carried by hand.
        using var page = await client.GetAsync(path);
        var form = await page.Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryToken().Match(form);
        Assert.True(antiforgery.Success, $"No anti-forgery token on {path}");
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Token"] = token,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var confirmed = await client.SendAsync(post);
        return (await confirmed.Content.ReadAsStringAsync()).Contains("Your request is confirmed", StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<Guid> IdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}
