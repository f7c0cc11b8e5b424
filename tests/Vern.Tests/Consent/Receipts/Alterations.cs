using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Crypto;

namespace Vern.Tests.Consent.Receipts;

/// <summary>
/// Every way a full receipt is altered in the tests, each with the problem the verifier must name: a consent
/// field, the leaf, each field of the compact receipt, the head, and heads signed by a key that is not the log's.
/// The receipt altered is record <see cref="Index"/> of a log of 13, whose proof has 4 hashes.
/// </summary>
internal static class Alterations
{
    public const int Index = 5;

    private static readonly Dictionary<string, (Func<ReceiptLog, JsonObject> Alter, ReceiptProblem Problem)> All = new()
    {
        ["consent: a refused category granted"] = (log => Consent(log, c => c["categoriesGranted"]!.AsArray().Add("statistics")), ReceiptProblem.ConsentDisagrees),
        ["consent: a refused category dropped"] = (log => Consent(log, c => c["categoriesRefused"]!.AsArray().RemoveAt(0)), ReceiptProblem.ConsentDisagrees),
        ["consent: a service's choice"] = (log => Consent(log, c => c["services"]![0]!["consented"] = true), ReceiptProblem.ConsentDisagrees),
        ["consent: the text hash"] = (log => Consent(log, c => c["textHash"] = new string('0', 64)), ReceiptProblem.ConsentDisagrees),
        ["consent: the policy version"] = (log => Consent(log, c => c["policyVersion"] = 3), ReceiptProblem.ConsentDisagrees),
        ["consent: the id"] = (log => Consent(log, c => c["consentReceiptID"] = Guid.Empty.ToString("D")), ReceiptProblem.ConsentDisagrees),
        ["consent: the time"] = (log => Consent(log, c => c["consentTimestamp"] = c["consentTimestamp"]!.GetValue<long>() + 1), ReceiptProblem.ConsentDisagrees),
        ["consent: the principal"] = (log => Consent(log, c => c["piiPrincipalId"] = Base64Url.EncodeToString(new byte[32])), ReceiptProblem.ConsentDisagrees),
        ["consent: the action"] = (log => Consent(log, c => c["action"] = "reject_all"), ReceiptProblem.ConsentDisagrees),
        ["leaf: one field"] = (log => Leaf(log, Encoding.UTF8.GetString(ReceiptLog.Leaf(Index)).Replace("\"language\":\"en\"", "\"language\":\"nb\"", StringComparison.Ordinal)), ReceiptProblem.LeafDiffers),
        ["leaf: another record's"] = (log => Leaf(log, Encoding.UTF8.GetString(ReceiptLog.Leaf(Index + 1))), ReceiptProblem.LeafDiffers),
        ["proof: hash 1"] = (log => Compact(log, p => p with { Proof = Flip(p.Proof, 0) }), ReceiptProblem.BadSignature),
        ["proof: hash 2"] = (log => Compact(log, p => p with { Proof = Flip(p.Proof, 1) }), ReceiptProblem.BadSignature),
        ["proof: hash 3"] = (log => Compact(log, p => p with { Proof = Flip(p.Proof, 2) }), ReceiptProblem.BadSignature),
        ["proof: hash 4"] = (log => Compact(log, p => p with { Proof = Flip(p.Proof, 3) }), ReceiptProblem.BadSignature),
        ["proof: a hash fewer"] = (log => Compact(log, p => p with { Proof = p.Proof.Take(3).ToList() }), ReceiptProblem.ProofLeadsNowhere),
        ["proof: a hash more"] = (log => Compact(log, p => p with { Proof = [.. p.Proof, p.Proof[0]] }), ReceiptProblem.ProofLeadsNowhere),
        ["receipt: the index"] = (log => Compact(log, p => p with { Index = p.Index + 1 }), ReceiptProblem.BadSignature),
        ["receipt: the size"] = (log => Compact(log, p => p with { Size = p.Size + 1 }), ReceiptProblem.BadSignature),
        ["receipt: the head time"] = (log => Compact(log, p => p with { Time = p.Time + 1 }), ReceiptProblem.BadSignature),
        ["receipt: the leaf hash"] = (log => Compact(log, p => p with { LeafHash = MerkleTree.LeafHash(ReceiptLog.Leaf(Index + 1)) }), ReceiptProblem.BadSignature),
        ["receipt: the signature"] = (log => Compact(log, p => p with { Signature = Flip(p.Signature) }), ReceiptProblem.BadSignature),
        ["receipt: format 2"] = (log => Bytes(log, b => [2, .. b[1..]]), ReceiptProblem.BadEncoding),
        ["receipt: a byte more"] = (log => Bytes(log, b => [.. b, 0]), ReceiptProblem.BadEncoding),
        ["head: the time"] = (log => Head(log, (size, root, time) => (size, root, time + 1)), ReceiptProblem.HeadDiffers),
        ["head: the root"] = (log => Head(log, (size, root, time) => (size, Flip(root), time)), ReceiptProblem.HeadDiffers),
        ["head: the size"] = (log => Head(log, (size, root, time) => (size - 1, root, time)), ReceiptProblem.HeadDiffers),
        ["head: forged with another key under the log's kid"] = (log => SignedBy(log, new SigningKey { Kid = log.Key.Kid }), ReceiptProblem.BadSignature),
        ["head: signed by a key not in the key set"] = (log => SignedBy(log, new SigningKey()), ReceiptProblem.UnknownKey),
    };

    public static TheoryData<string> Theory() => [.. All.Keys];

    public static JsonObject Apply(ReceiptLog log, string name) => All[name].Alter(log);

    public static ReceiptProblem Problem(string name) => All[name].Problem;

    private static JsonObject Consent(ReceiptLog log, Action<JsonObject> alter)
    {
        var full = log.Full(Index);
        alter(full["consent"]!.AsObject());
        return full;
    }

    private static JsonObject Leaf(ReceiptLog log, string leaf) => With(log.Full(Index), "leaf", Base64Url.EncodeToString(Encoding.UTF8.GetBytes(leaf)));

    private static JsonObject Compact(ReceiptLog log, Func<CompactReceipt, CompactReceipt> alter) => With(log.Full(Index), "receipt", alter(log.Receipt(Index)).Encode());

    /// <summary>The receipt's bytes altered where no field of a receipt of format 1 can say it.</summary>
    private static JsonObject Bytes(ReceiptLog log, Func<byte[], byte[]> alter) =>
        With(log.Full(Index), "receipt", Base64Url.EncodeToString(alter(Base64Url.DecodeFromChars(log.Receipt(Index).Encode()))));

    private static JsonObject Head(ReceiptLog log, Func<long, byte[], long, (long, byte[], long)> alter)
    {
        var receipt = log.Receipt(Index);
        var (size, changedRoot, time) = alter(receipt.Size, log.Root((int)receipt.Size), receipt.Time);
        return With(log.Full(Index), "head", new SignedTreeHead(receipt.Kid, size, changedRoot, time, receipt.Signature).Jws());
    }

    private static JsonObject SignedBy(ReceiptLog log, SigningKey signer)
    {
        using (signer)
            return log.Full(ReceiptLog.Leaf(Index), log.Receipt(Index, signer: signer), JsonNode.Parse(ReceiptLog.Leaf(Index))!.AsObject());
    }

    private static JsonObject With(JsonObject full, string member, string value)
    {
        full[member] = value;
        return full;
    }

    private static byte[] Flip(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 1;
        return copy;
    }

    private static List<byte[]> Flip(IReadOnlyList<byte[]> proof, int at) => [.. proof.Select((hash, i) => i == at ? Flip(hash) : hash)];
}
