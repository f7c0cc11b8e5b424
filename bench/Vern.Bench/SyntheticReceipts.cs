using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>
/// Receipts of format 1 from a synthetic log of <c>--tree</c> records, laid out by Vern's own receipt and head
/// code (<see cref="CompactReceipt"/>, <see cref="SignedTreeHead"/>) and signed with a key of the bench's. A head's
/// receipts are leaves of one aligned block of 64 records below 2^24, so each proof is 25 hashes: 6 inside the
/// block (computed from real leaves), 18 from the block up to the left subtree of 2^24 and 1 for the right
/// subtree (random, the same for the whole block, so the block's receipts share one root and one signed head).
/// </summary>
internal sealed class SyntheticReceipts(ReceiptOptions options, int perHead) : IDisposable
{
    private const int ProofLength = 25;
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Random random = new(options.Seed);
    private int heads;

    public string Kid { get; } = "bench-key-" + new string('k', 33);

    public string Jwks()
    {
        var q = key.ExportParameters(false).Q;
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(q.X), ["y"] = Base64Url.EncodeToString(q.Y), ["kid"] = Kid }),
        }.ToJsonString();
    }

    /// <summary>The next <paramref name="count"/> receipts, <c>perHead</c> to a head: compact, and full as UTF-8 JSON.</summary>
    public (List<string> Compact, List<byte[]> Full) Next(int count)
    {
        var (compact, full) = (new List<string>(count), new List<byte[]>(count));
        while (compact.Count < count)
        {
            var head = heads++;
            var blockStart = (long)(head * 7919 % ((1 << 24) / ReceiptOptions.Block)) * ReceiptOptions.Block;
            // Only the leaves of receipts are written; the block's other records are known by their hashes alone.
            var leaves = Enumerable.Range(0, perHead).Select(i => Leaf(blockStart + i)).ToList();
            var leafHashes = leaves.Select(l => MerkleTree.LeafHash(l)).Concat(Enumerable.Range(perHead, ReceiptOptions.Block - perHead).Select(_ => RandomHash())).ToList();
            var outer = Enumerable.Range(0, ProofLength - 6).Select(_ => RandomHash()).ToList();
            var time = 1_796_000_000_000L + head;
            SignedTreeHead? signed = null;
            for (var i = 0; i < perHead && compact.Count < count; i++)
            {
                var index = blockStart + i;
                List<byte[]> proof = [.. MerkleTree.InclusionProof(leafHashes, i, ReceiptOptions.Block), .. outer];
                var computed = MerkleTree.RootFromInclusion(index, options.TreeSize, leafHashes[i], proof)!;
                if (signed is null)
                {
                    var unsigned = new SignedTreeHead(Kid, options.TreeSize, computed, time, []);
                    signed = unsigned with { Signature = key.SignData(unsigned.SigningInputBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) };
                }
                else if (!computed.AsSpan().SequenceEqual(signed.Root))
                    throw new InvalidOperationException("The receipts of one block lead to different roots.");
                var receipt = new CompactReceipt(index, signed.Size, signed.Time, signed.Kid, leafHashes[i], proof, signed.Signature).Encode();
                compact.Add(receipt);
                full.Add(Full(leaves[i], receipt, signed.Jws()));
            }
        }
        return (compact, full);
    }

    public void Dispose() => key.Dispose();

    private byte[] RandomHash()
    {
        var hash = new byte[32];
        random.NextBytes(hash);
        return hash;
    }

    private static byte[] Leaf(long index)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000L + index).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            v = 1,
            id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000L + index)).ToString("D"),
            index,
            recordedAt = at,
            principal = Base64Url.EncodeToString(SHA256.HashData(BitConverter.GetBytes(index % 100_000))),
            revision = (int)(index % 3),
            language = "en",
            action = index % 2 == 0 ? "accept_all" : "custom",
            categories = new Dictionary<string, bool> { ["statistics"] = index % 2 == 0, ["marketing"] = index % 4 == 0 },
            services = new Dictionary<string, bool> { ["google-analytics"] = index % 2 == 0, ["hubspot"] = index % 4 == 0 },
            gpc = false,
            textHash = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(index % 2))),
            policyVersion = (int?)3,
            recordHash = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(index))),
        });
    }

    /// <summary>A full receipt whose consent has the size of today's (about 4 KB, the controller and every purpose written out).</summary>
    private static byte[] Full(byte[] leaf, string receipt, string head)
    {
        var l = JsonNode.Parse(leaf)!;
        var categories = l["categories"]!.AsObject();
        var services = l["services"]!.AsObject();
        var purposes = new JsonArray([.. Enumerable.Range(0, 3).Select(p => (JsonNode)new JsonObject
        {
            ["purpose"] = $"Purpose {p}: measuring and improving how the website is used, described at length",
            ["purposeCategory"] = new JsonArray("ServiceOptimisation"),
            ["consentType"] = "EXPLICIT",
            ["piiCategory"] = new JsonArray("Online identifiers", "Usage data", "Device data"),
            ["primaryPurpose"] = p == 0,
            ["termination"] = "Withdraw consent under Cookie settings at any time; the choice is kept for 12 months.",
            ["thirdPartyDisclosure"] = true,
            ["thirdPartyName"] = "Analytics Provider Ltd.",
        })]);
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["format"] = 1,
            ["leaf"] = Base64Url.EncodeToString(leaf),
            ["receipt"] = receipt,
            ["head"] = head,
            ["consent"] = new JsonObject
            {
                ["iss"] = "https://privacy.example.com",
                ["version"] = "KI-CR-v1.1.0",
                ["jurisdiction"] = "NO",
                ["consentTimestamp"] = DateTimeOffset.Parse(l["recordedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
                ["collectionMethod"] = "cookie banner",
                ["consentReceiptID"] = l["id"]!.GetValue<string>(),
                ["language"] = "en",
                ["piiPrincipalId"] = l["principal"]!.GetValue<string>(),
                ["piiControllers"] = new JsonArray(new JsonObject
                {
                    ["piiController"] = "Example Company AS",
                    ["contact"] = "privacy@example.com",
                    ["address"] = new JsonObject { ["streetAddress"] = "Example Street 1, 0150 Oslo", ["addressCountry"] = "NO" },
                    ["email"] = "privacy@example.com",
                    ["phone"] = "+47 22 00 00 00",
                    ["piiControllerUrl"] = "https://example.com",
                }),
                ["policyUrl"] = "https://privacy.example.com/privacy/policy?lang=en",
                ["services"] = new JsonArray([.. services.Select(s => (JsonNode)new JsonObject
                {
                    ["service"] = s.Key, ["serviceId"] = s.Key, ["consented"] = s.Value!.GetValue<bool>(), ["purposes"] = purposes.DeepClone(),
                })]),
                ["sensitive"] = false,
                ["spiCat"] = new JsonArray(),
                ["action"] = l["action"]!.GetValue<string>(),
                ["gpc"] = false,
                ["categoriesGranted"] = new JsonArray([.. categories.Where(c => c.Value!.GetValue<bool>()).Select(c => (JsonNode)c.Key)]),
                ["categoriesRefused"] = new JsonArray([.. categories.Where(c => !c.Value!.GetValue<bool>()).Select(c => (JsonNode)c.Key)]),
                ["revision"] = l["revision"]!.GetValue<int>(),
                ["policyVersion"] = 3,
                ["textHash"] = l["textHash"]!.GetValue<string>(),
                ["recordHash"] = l["recordHash"]!.GetValue<string>(),
            },
        });
    }
}
