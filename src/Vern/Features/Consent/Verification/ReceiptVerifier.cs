using System.Buffers.Text;
using System.Security.Cryptography;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// Verifies consent receipts of format 1 against a key set, the way anyone without Vern would: the root from the
/// leaf hash and its inclusion proof, the tree head rebuilt around it, its ES256 signature checked with the key the
/// receipt names; for a full receipt also the leaf, the head and the consent fields. One instance per thread.
/// </summary>
internal sealed class ReceiptVerifier(ReceiptKeySet keys)
{
    // Receipts of one commit share its head: an export verified in log order checks each head's signature once.
    // Only heads whose signature verified are kept, keyed by the whole JWS, so a hit proves what a check would.
    private const int RememberedHeads = 4096;
    private readonly HashSet<string> verifiedHeads = new(StringComparer.Ordinal);

    /// <summary>Verifies a compact receipt (base64url text).</summary>
    public ReceiptVerdict VerifyCompact(string text) =>
        CompactReceipt.Decode(text) is { } receipt ? Verify(receipt, out _) : new ReceiptVerdict(ReceiptProblem.BadEncoding);

    /// <summary>Verifies a full receipt (its JSON as UTF-8).</summary>
    public ReceiptVerdict VerifyFull(ReadOnlySpan<byte> json)
    {
        if (FullReceipt.Read(json) is not { Format: CompactReceipt.Format } full || CompactReceipt.Decode(full.Receipt) is not { } receipt)
            return new ReceiptVerdict(ReceiptProblem.BadEncoding);
        var verdict = Verify(receipt, out var head);
        if (!verdict.Verified)
            return verdict;
        if (!string.Equals(full.Head, head, StringComparison.Ordinal))
            return verdict with { Problem = ReceiptProblem.HeadDiffers, Field = "head" };
        if (!Base64Url.IsValid(full.Leaf))
            return verdict with { Problem = ReceiptProblem.BadEncoding, Field = "leaf" };
        var leafBytes = Base64Url.DecodeFromChars(full.Leaf);
        if (!MerkleTree.LeafHash(leafBytes).AsSpan().SequenceEqual(receipt.LeafHash))
            return verdict with { Problem = ReceiptProblem.LeafDiffers, Field = "leaf" };
        if (FullReceipt.Deserialize<ReceiptLeaf>(leafBytes) is not { V: CompactReceipt.Format } leaf)
            return verdict with { Problem = ReceiptProblem.BadEncoding, Field = "leaf" };
        verdict = verdict with { RecordId = leaf.Id };
        if (leaf.Index != receipt.Index)
            return verdict with { Problem = ReceiptProblem.LeafDiffers, Field = "index" };
        return ConsentAgreement.FirstDisagreement(full.Consent, leaf) is { } field
            ? verdict with { Problem = ReceiptProblem.ConsentDisagrees, Field = field }
            : verdict;
    }

    private ReceiptVerdict Verify(CompactReceipt receipt, out string head)
    {
        head = "";
        if (MerkleTree.RootFromInclusion(receipt.Index, receipt.Size, receipt.LeafHash, receipt.Proof) is not { } root)
            return new ReceiptVerdict(ReceiptProblem.ProofLeadsNowhere, receipt);
        if (keys.Find(receipt.Kid) is not { } key)
            return new ReceiptVerdict(ReceiptProblem.UnknownKey, receipt);
        var signed = receipt.Head(root);
        head = signed.Jws();
        if (verifiedHeads.Contains(head))
            return new ReceiptVerdict(ReceiptProblem.None, receipt);
        if (!key.VerifyData(signed.SigningInputBytes(), receipt.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            return new ReceiptVerdict(ReceiptProblem.BadSignature, receipt);
        if (verifiedHeads.Count == RememberedHeads)
            verifiedHeads.Clear();
        verifiedHeads.Add(head);
        return new ReceiptVerdict(ReceiptProblem.None, receipt);
    }
}
