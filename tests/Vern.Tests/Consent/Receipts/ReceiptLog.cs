using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Crypto;

namespace Vern.Tests.Consent.Receipts;

/// <summary>
/// A consent log of receipt format 1 kept apart from Vern's ledger, so that any receipt can be made or altered:
/// leaves as Vern writes them, the tree built with <see cref="MerkleTree"/>, tree heads signed with an EC P-256
/// key of the log's own, compact receipts and heads laid out by Vern's <see cref="CompactReceipt"/> and
/// <see cref="SignedTreeHead"/>, full receipts, and the key set that publishes the key. The recipe's tests read
/// these receipts without Vern's code, and <see cref="ReceiptFormat"/> reads Vern's own the same way.
/// </summary>
internal sealed class ReceiptLog : IDisposable
{
    // Receipts list every service of the definition, also one no record was asked about.
    private static readonly string[] ServiceIds = ["google-analytics", "hubspot", "youtube"];
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 21, 45, 40, TimeSpan.Zero);
    private readonly List<byte[]> leaves = [];
    private readonly List<byte[]> leafHashes = [];

    public ReceiptLog(int records = 13)
    {
        for (var i = 0; i < records; i++)
        {
            leaves.Add(Leaf(i));
            leafHashes.Add(MerkleTree.LeafHash(leaves[i]));
        }
    }

    public SigningKey Key { get; } = new();

    public int Size => leaves.Count;

    /// <summary>The head time of a tree of <paramref name="size"/> records: one commit per size.</summary>
    public static long HeadTime(long size) => Start.AddSeconds(size).ToUnixTimeMilliseconds();

    /// <summary>The compact receipt of the record at <paramref name="index"/> in the tree of the first <paramref name="size"/> records.</summary>
    public CompactReceipt Receipt(int index, int? size = null, SigningKey? signer = null)
    {
        var n = size ?? Size;
        var receipt = new CompactReceipt(index, n, HeadTime(n), (signer ?? Key).Kid, leafHashes[index], MerkleTree.InclusionProof(leafHashes, index, n), []);
        return receipt with { Signature = (signer ?? Key).SignHead(receipt.Head(Root(n))) };
    }

    /// <summary>The root of the tree of the first <paramref name="size"/> records.</summary>
    public byte[] Root(int size) => MerkleTree.Root(leafHashes[..size]);

    /// <summary>The full receipt of the record at <paramref name="index"/>, as <c>GET …/decisions/{id}/receipt</c> answers it.</summary>
    public JsonObject Full(int index) => Full(leaves[index], Receipt(index), JsonNode.Parse(leaves[index])!.AsObject());

    /// <summary>A full receipt around any leaf and compact receipt, its consent fields taken from <paramref name="leaf"/>.</summary>
    public JsonObject Full(byte[] leafBytes, CompactReceipt receipt, JsonObject leaf)
    {
        var recordedAt = DateTimeOffset.Parse(leaf["recordedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var categories = leaf["categories"]!.AsObject();
        var services = leaf["services"]!.AsObject();
        return new JsonObject
        {
            ["format"] = 1,
            ["leaf"] = Base64Url.EncodeToString(leafBytes),
            ["receipt"] = receipt.Encode(),
            ["head"] = receipt.Head(Root((int)receipt.Size)).Jws(),
            // The Kantara v1.1 fields of today's receipts, with the controller and purposes a reader also gets.
            ["consent"] = new JsonObject
            {
                ["iss"] = "https://vern.example",
                ["version"] = "KI-CR-v1.1.0",
                ["jurisdiction"] = "NO",
                ["consentTimestamp"] = recordedAt.ToUnixTimeSeconds(),
                ["collectionMethod"] = "cookie banner",
                ["consentReceiptID"] = leaf["id"]!.GetValue<string>(),
                ["language"] = leaf["language"]!.GetValue<string>(),
                ["piiPrincipalId"] = leaf["principal"]!.GetValue<string>(),
                ["piiControllers"] = new JsonArray(new JsonObject { ["piiController"] = "Demo AS", ["email"] = "privacy@demo.example" }),
                ["services"] = new JsonArray([.. ServiceIds.Select(id => new JsonObject
                {
                    ["service"] = id,
                    ["serviceId"] = id,
                    ["consented"] = services[id]?.GetValue<bool>() ?? false,
                    ["purposes"] = new JsonArray(new JsonObject { ["purpose"] = "Statistics", ["consentType"] = "EXPLICIT" }),
                })]),
                ["sensitive"] = false,
                ["action"] = leaf["action"]!.GetValue<string>(),
                ["gpc"] = leaf["gpc"]!.GetValue<bool>(),
                ["categoriesGranted"] = new JsonArray([.. categories.Where(c => c.Value!.GetValue<bool>()).Select(c => (JsonNode)c.Key)]),
                ["categoriesRefused"] = new JsonArray([.. categories.Where(c => !c.Value!.GetValue<bool>()).Select(c => (JsonNode)c.Key)]),
                ["revision"] = leaf["revision"]!.GetValue<int>(),
                ["policyVersion"] = leaf["policyVersion"]?.DeepClone(),
                ["textHash"] = leaf["textHash"]!.GetValue<string>(),
                ["recordHash"] = leaf["recordHash"]!.GetValue<string>(),
            },
        };
    }

    /// <summary>A key set (RFC 7517) publishing <paramref name="keys"/>.</summary>
    public static string Jwks(params SigningKey[] keys) => new JsonObject
    {
        ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.Jwk())]),
    }.ToJsonString();

    public void Dispose() => Key.Dispose();

    /// <summary>The leaf of record <paramref name="index"/>: members in the format's order, no whitespace.</summary>
    public static byte[] Leaf(int index)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("id", new Guid(index, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8]).ToString("D"));
            json.WriteNumber("index", index);
            json.WriteString("recordedAt", Start.AddSeconds(index).AddTicks(1234560 + index * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("principal", Base64Url.EncodeToString(SHA256.HashData(BitConverter.GetBytes(index % 5))));
            json.WriteNumber("revision", index / 5);
            json.WriteString("language", index % 3 == 0 ? "nb" : "en");
            json.WriteString("action", index % 2 == 0 ? "accept_all" : "custom");
            json.WriteStartObject("categories");
            json.WriteBoolean("statistics", index % 2 == 0);
            json.WriteBoolean("marketing", index % 4 == 0);
            json.WriteEndObject();
            json.WriteStartObject("services");
            json.WriteBoolean("google-analytics", index % 2 == 0);
            json.WriteBoolean("hubspot", index % 4 == 0);
            json.WriteEndObject();
            json.WriteBoolean("gpc", index % 7 == 3);
            json.WriteString("textHash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"banner text {index % 2}"))));
            if (index % 6 == 5)
                json.WriteNull("policyVersion");
            else
                json.WriteNumber("policyVersion", 3);
            json.WriteString("recordHash", Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(index))));
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}

/// <summary>An EC P-256 key that signs tree heads, named by its RFC 7638 thumbprint as the kid.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SigningKey()
    {
        var q = key.ExportParameters(false).Q;
        (X, Y) = (Base64Url.EncodeToString(q.X), Base64Url.EncodeToString(q.Y));
        Kid = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}")));
    }

    public string Kid { get; init; }

    public string X { get; }

    public string Y { get; }

    /// <summary>ES256 over <paramref name="head"/>'s signing input: r‖s, 64 bytes.</summary>
    public byte[] SignHead(SignedTreeHead head) =>
        key.SignData(head.SigningInputBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public JsonObject Jwk() => new() { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = X, ["y"] = Y, ["kid"] = Kid, ["use"] = "sig", ["alg"] = "ES256" };

    public void Dispose() => key.Dispose();
}
