using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

/// <summary>
/// The ledger as a transparency log: receipts checked as receipt format 1 says an auditor checks them,
/// consistency between heads, heads held against the records, and several servers on one log.
/// </summary>
public sealed class TransparencyLogTests
{
    private const string Head = "/api/v1/consent/log/head";

    private static async Task<JsonObject> RecordAsync(HttpClient client, bool analytics = true) =>
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: analytics));

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_201_receipt_verifies_against_the_published_keys_and_is_at_most_1_KB(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var jwks = await ConsentApi.JwksAsync(client);

        // Concurrent decisions share commits, so receipts of one head and of several heads are both seen.
        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => RecordAsync(client, analytics: i % 2 == 0)));

        var receipts = created.Select(c => ReceiptFormat.Decode(c["receipt"]!.GetValue<string>())).ToList();
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), receipts.Select(r => r.Index).Order());
        foreach (var receipt in receipts)
        {
            Assert.True(receipt.VerifiesWith(jwks));
            Assert.Equal(123 + receipt.Kid.Length + 32 * receipt.Proof.Count, receipt.Length);
            Assert.True(receipt.Length <= 1024);
            Assert.Equal(ExpectedProofLength(receipt.Index, receipt.Size), receipt.Proof.Count);
        }
        // Altering any part breaks it: the leaf, a proof step, the head's size or time, the signature.
        var one = receipts.First(r => r.Proof.Count > 0);
        Assert.False((one with { LeafHash = Flip(one.LeafHash) }).VerifiesWith(jwks));
        Assert.False((one with { Proof = [Flip(one.Proof[0]), .. one.Proof.Skip(1)] }).VerifiesWith(jwks));
        Assert.False((one with { Time = one.Time + 1 }).VerifiesWith(jwks));
        Assert.False((one with { Signature = Flip(one.Signature) }).VerifiesWith(jwks));
    }

    [Fact]
    public void At_2_to_the_26_leaves_a_proof_has_26_steps_and_the_receipt_stays_under_1_KB()
    {
        const long size = 1L << 26;
        // A synthetic tree: which nodes a proof reads depends on the sizes alone, so placeholder hashes will do.
        var node = new MerkleTree.Node((_, _) => new byte[MerkleTree.HashSize]);
        var head = new ConsentTreeHead { Size = size, Root = new byte[32], SignedAt = DateTime.UnixEpoch, KeyId = new string('k', 43), Signature = new byte[64] };
        foreach (var index in new[] { 0L, 12_345_678L, size - 1 })
        {
            var proof = MerkleTree.InclusionProof(index, size, node);
            Assert.Equal(26, proof.Count);
            var bytes = ConsentApi.Base64UrlDecode(ConsentLog.CompactReceipt(index, head, new byte[32], proof));
            Assert.Equal(123 + 43 + 32 * 26, bytes.Length);
            Assert.True(bytes.Length <= 1024);
        }
        // No log up to 2^26 records needs more.
        Assert.Equal(26, MerkleTree.InclusionProof(0, size - 1, node).Count);
        Assert.Equal(27, MerkleTree.InclusionProof(0, size + 1, node).Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_full_receipt_agrees_with_its_leaf_and_its_head(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var jwks = await ConsentApi.JwksAsync(client);
        await RecordAsync(client);
        var created = await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: true, marketing: false));
        var id = created["id"]!.GetValue<string>();
        await RecordAsync(client);

        var full = await ConsentApi.FullReceiptAsync(client, id);
        Assert.Equal(1, full.GetProperty("format").GetInt32());
        var compact = full.GetProperty("receipt").GetString()!;
        // The same receipt as the 201's, though the log has grown since: it proves the leaf in its own commit's head.
        Assert.Equal(created["receipt"]!.GetValue<string>(), compact);
        var receipt = ReceiptFormat.Decode(compact);
        Assert.True(receipt.VerifiesWith(jwks));
        var leafBytes = ConsentApi.Base64UrlDecode(full.GetProperty("leaf").GetString()!);
        Assert.Equal(receipt.LeafHash, SHA256.HashData([0, .. leafBytes]));
        Assert.Equal(receipt.Jws(), full.GetProperty("head").GetString());

        var leaf = JsonDocument.Parse(leafBytes).RootElement;
        var consent = full.GetProperty("consent");
        var stored = await ConsentApi.ReadJsonAsync(await client.GetAsync($"{ConsentApi.Decisions}/{id}"));
        Assert.Equal(["v", "id", "index", "recordedAt", "principal", "revision", "language", "action", "categories", "services", "gpc", "textHash", "policyVersion", "recordHash"],
            leaf.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, leaf.GetProperty("v").GetInt32());
        Assert.Equal(id, leaf.GetProperty("id").GetString());
        Assert.Equal(id, consent.GetProperty("consentReceiptID").GetString());
        Assert.Equal(receipt.Index, leaf.GetProperty("index").GetInt64());
        Assert.Equal(1, receipt.Index);
        Assert.Equal(created["recordedAt"]!.GetValue<DateTime>(), leaf.GetProperty("recordedAt").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTimeOffset(leaf.GetProperty("recordedAt").GetDateTime()).ToUnixTimeSeconds(), consent.GetProperty("consentTimestamp").GetInt64());
        Assert.Equal(consent.GetProperty("piiPrincipalId").GetString(), leaf.GetProperty("principal").GetString());
        Assert.Equal(stored["principalId"]!.GetValue<string>(), leaf.GetProperty("principal").GetString());
        var categories = leaf.GetProperty("categories").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean());
        Assert.Equal(categories.Where(c => c.Value).Select(c => c.Key).Order(), consent.GetProperty("categoriesGranted").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal(categories.Where(c => !c.Value).Select(c => c.Key).Order(), consent.GetProperty("categoriesRefused").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal(["marketing"], consent.GetProperty("categoriesRefused").EnumerateArray().Select(c => c.GetString()));
        foreach (var service in consent.GetProperty("services").EnumerateArray())
            Assert.Equal(leaf.GetProperty("services").GetProperty(service.GetProperty("serviceId").GetString()!).GetBoolean(), service.GetProperty("consented").GetBoolean());
        Assert.Equal(consent.GetProperty("textHash").GetString(), leaf.GetProperty("textHash").GetString());
        Assert.Equal(consent.GetProperty("policyVersion").ValueKind, leaf.GetProperty("policyVersion").ValueKind);
        Assert.Equal(stored["hash"]!.GetValue<string>(), leaf.GetProperty("recordHash").GetString());
        Assert.Equal("custom", leaf.GetProperty("action").GetString());
        // The visitor id, a credential, is in neither.
        Assert.DoesNotContain("visitorId", Encoding.UTF8.GetString(leafBytes), StringComparison.Ordinal);

        var unknown = await client.GetAsync($"{ConsentApi.Decisions}/{Guid.CreateVersion7()}/receipt");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_old_head_and_a_new_one_are_proven_consistent(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Head)).StatusCode);
        for (var i = 0; i < 3; i++)
            await RecordAsync(client);
        var old = JsonDocument.Parse(await client.GetStringAsync(Head)).RootElement.Clone();
        await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => RecordAsync(client)));
        var now = JsonDocument.Parse(await client.GetStringAsync(Head)).RootElement.Clone();

        var jwks = await ConsentApi.JwksAsync(client);
        foreach (var head in new[] { old, now })
        {
            var parts = head.GetProperty("jws").GetString()!.Split('.');
            Assert.Equal(ReceiptFormat.SigningInput(head.GetProperty("kid").GetString()!, head.GetProperty("size").GetInt64(),
                ConsentApi.Base64UrlDecode(head.GetProperty("root").GetString()!), head.GetProperty("time").GetInt64()), parts[0] + "." + parts[1]);
            Assert.True(ReceiptFormat.VerifySignature(jwks, head.GetProperty("kid").GetString()!, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), ConsentApi.Base64UrlDecode(parts[2])));
        }
        Assert.Equal(3, old.GetProperty("size").GetInt64());
        Assert.Equal(12, now.GetProperty("size").GetInt64());

        var answer = JsonDocument.Parse(await client.GetStringAsync("/api/v1/consent/log/consistency?from=3&to=12")).RootElement;
        Assert.Equal(3, answer.GetProperty("from").GetInt64());
        Assert.Equal(12, answer.GetProperty("to").GetInt64());
        var proof = answer.GetProperty("proof").EnumerateArray().Select(p => ConsentApi.Base64UrlDecode(p.GetString()!)).ToList();
        var (oldRoot, newRoot) = (ConsentApi.Base64UrlDecode(old.GetProperty("root").GetString()!), ConsentApi.Base64UrlDecode(now.GetProperty("root").GetString()!));
        Assert.True(MerkleTree.VerifyConsistency(3, 12, oldRoot, newRoot, proof));
        Assert.False(MerkleTree.VerifyConsistency(3, 12, Flip(oldRoot), newRoot, proof));

        foreach (var (query, field) in new[] { ("from=0&to=12", "from"), ("from=3&to=13", "to"), ("from=5&to=4", "from"), ("from=x&to=12", "from"), ("to=12", "from"), ("from=3", "to") })
        {
            var bad = await client.GetAsync($"/api/v1/consent/log/consistency?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Ledger_verify_catches_a_head_that_does_not_match_the_records_or_its_signature(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using (var client = app.CreateClient())
            for (var i = 0; i < 5; i++)
                await RecordAsync(client);
        var intact = await VerifyAsync(app);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(5, intact.Heads);

        // A head re-signed over another root, as by someone who edited records and rebuilt the chain with the key.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var head = await db.ConsentTreeHeads.SingleAsync(h => h.Size == 3);
            head.Root = Flip(head.Root);
            head.Signature = app.Get<ReceiptKey>().SignData(head.ToSignedTreeHead().SigningInputBytes());
            await db.SaveChangesAsync();
        }
        var mismatched = await VerifyAsync(app);
        Assert.False(mismatched.Intact);
        Assert.Equal(3, mismatched.BrokenAt);
        Assert.Contains("does not match the records", mismatched.Problem, StringComparison.Ordinal);

        // A head whose signature does not verify: changed without the key.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var head = await db.ConsentTreeHeads.SingleAsync(h => h.Size == 2);
            head.SignedAt = head.SignedAt.AddMilliseconds(1);
            await db.SaveChangesAsync();
        }
        var unsigned = await VerifyAsync(app);
        Assert.False(unsigned.Intact);
        Assert.Equal(2, unsigned.BrokenAt);
        Assert.Contains("signature", unsigned.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_last_record_deleted_is_caught_by_the_head_that_holds_it(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using (var client = app.CreateClient())
            for (var i = 0; i < 4; i++)
                await RecordAsync(client);

        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDb>().Database.ExecuteSqlRawAsync("DELETE FROM \"ConsentRecords\" WHERE \"Sequence\" = 4");

        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_ledger_older_than_the_log_gets_its_leaves_from_its_first_present_record(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var old = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
            old.Add(await RecordAsync(client));
        // As before the log existed, with record 1 already deleted by retention.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var first = await db.ConsentRecords.SingleAsync(r => r.Sequence == 1);
            await db.ConsentTreeHeads.ExecuteDeleteAsync();
            await db.ConsentLogNodes.ExecuteDeleteAsync();
            await db.ConsentRecords.Where(r => r.Sequence == 1).ExecuteDeleteAsync();
            db.ConsentAnchors.Add(new ConsentAnchor { Sequence = 1, Hash = first.Hash, CreatedAt = first.RecordedAt, Deleted = 1 });
            await db.SaveChangesAsync();
        }

        var next = ReceiptFormat.Decode((await RecordAsync(client))["receipt"]!.GetValue<string>());

        // Records 2 to 5 became leaves 0 to 3 in order, the new one leaf 4, all in the head of that commit.
        Assert.Equal(4, next.Index);
        Assert.Equal(5, next.Size);
        var jwks = await ConsentApi.JwksAsync(client);
        for (var i = 1; i < 5; i++)
        {
            var full = await ConsentApi.FullReceiptAsync(client, old[i]["id"]!.GetValue<string>());
            var receipt = ReceiptFormat.Decode(full.GetProperty("receipt").GetString()!);
            Assert.Equal(i - 1, receipt.Index);
            Assert.True(receipt.VerifiesWith(jwks));
        }
        var verified = await VerifyAsync(app);
        Assert.True(verified.Intact, verified.Problem);
    }

    [Fact]
    public async Task Two_servers_on_one_PostgreSQL_append_to_one_log()
    {
        await using var first = await TestApp.StartAsync(Provider.Postgres);
        var configuration = first.Get<IConfiguration>();
        // The second server shares the database, the key store and the keys of the data directory (copied, as onto a
        // second machine), not the directory itself.
        var directory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        foreach (var file in Directory.GetFiles(first.DataDirectory))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        await using var second = await TestApp.StartAsync(dataDirectory: directory, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Vern"] = configuration["ConnectionStrings:Vern"],
            ["KeyStore:Provider"] = "Postgres",
            ["ConnectionStrings:VernKeys"] = configuration["ConnectionStrings:VernKeys"],
        });
        using var one = first.CreateClient();
        using var two = second.CreateClient();

        var created = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => RecordAsync(i % 2 == 0 ? one : two)));

        var receipts = created.Select(c => ReceiptFormat.Decode(c["receipt"]!.GetValue<string>())).ToList();
        // No duplicate index, no gap.
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), receipts.Select(r => r.Index).Order());
        var final = JsonDocument.Parse(await two.GetStringAsync(Head)).RootElement.Clone();
        Assert.Equal(60, final.GetProperty("size").GetInt64());
        Assert.Equal(final.GetRawText(), JsonDocument.Parse(await one.GetStringAsync(Head)).RootElement.GetRawText());
        var finalRoot = ConsentApi.Base64UrlDecode(final.GetProperty("root").GetString()!);
        var jwks = await ConsentApi.JwksAsync(one);
        // Every receipt verifies, and the head it names is proven a prefix of the final head.
        foreach (var group in receipts.GroupBy(r => r.Size))
        {
            Assert.All(group, r => Assert.True(r.VerifiesWith(jwks)));
            var proof = JsonDocument.Parse(await one.GetStringAsync($"/api/v1/consent/log/consistency?from={group.Key}&to=60")).RootElement
                .GetProperty("proof").EnumerateArray().Select(p => ConsentApi.Base64UrlDecode(p.GetString()!)).ToList();
            Assert.True(MerkleTree.VerifyConsistency(group.Key, 60, group.First().Root(), finalRoot, proof));
        }
        var verified = await VerifyAsync(second);
        Assert.True(verified.Intact, verified.Problem);
        Assert.Equal(60, verified.Verified);
    }

    private static int ExpectedProofLength(long index, long size)
    {
        // PATH's length: one step per split between the root and the leaf.
        var (length, start, end) = (0, 0L, size);
        while (end - start > 1)
        {
            var k = 1L << (int)Math.Log2(end - start - 1);
            (start, end) = index < start + k ? (start, start + k) : (start + k, end);
            length++;
        }
        return length;
    }

    private static byte[] Flip(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[0] ^= 1;
        return copy;
    }

    private static async Task<LedgerVerification> VerifyAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await ConsentChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
            scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Consent), app.Get<ReceiptKey>());
    }
}
