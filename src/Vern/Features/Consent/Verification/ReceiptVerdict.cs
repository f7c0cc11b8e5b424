namespace Vern.Features.Consent.Verification;

/// <summary>What made a receipt fail verification, in the order the checks run.</summary>
internal enum ReceiptProblem
{
    None,
    /// <summary>Not a receipt of format 1: base64url, the byte layout, the JSON shape or the leaf's JSON.</summary>
    BadEncoding,
    /// <summary>The proof has the wrong length for the leaf's index and the tree's size, so it leads to no root.</summary>
    ProofLeadsNowhere,
    /// <summary>The key set has no EC P-256 key with the receipt's kid.</summary>
    UnknownKey,
    /// <summary>The signature does not verify the head rebuilt from the receipt (root from the proof, size, time).</summary>
    BadSignature,
    /// <summary>A full receipt's <c>head</c> is not the head its compact receipt proves.</summary>
    HeadDiffers,
    /// <summary>A full receipt's leaf is not the leaf the receipt proves (its hash, or the index it names).</summary>
    LeafDiffers,
    /// <summary>A consent field of a full receipt says something else than the leaf.</summary>
    ConsentDisagrees,
}

/// <summary>
/// The outcome of verifying one receipt: verified, or the first problem found. <see cref="Receipt"/> is known
/// once the receipt could be read, <see cref="RecordId"/> once a full receipt's leaf could, and <see cref="Field"/>
/// names the member that disagreed.
/// </summary>
internal sealed record ReceiptVerdict(ReceiptProblem Problem, CompactReceipt? Receipt = null, string? RecordId = null, string? Field = null)
{
    public bool Verified => Problem == ReceiptProblem.None;
}
