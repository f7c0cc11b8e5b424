using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// A compact consent receipt of format 1: the leaf's index, the size and time of the signed tree head, the key
/// id, the leaf hash, the inclusion proof and the head's ES256 signature, big-endian, as base64url without
/// padding. The one place that lays these bytes out: the log writes receipts with <see cref="Encode"/> and the
/// verifier reads them with <see cref="Decode"/>. What keeps this layout honest to the format's text is a reading
/// apart from Vern's code: the README's recipe and the tests' own reader of the format.
/// </summary>
internal sealed record CompactReceipt(long Index, long Size, long Time, string Kid, byte[] LeafHash, IReadOnlyList<byte[]> Proof, byte[] Signature)
{
    public const byte Format = 1;
    public const int SignatureSize = 64;

    // u8 format, u64 index, u64 size, u64 time, u8 kid length.
    private const int FixedStart = 1 + 8 + 8 + 8 + 1;

    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The head this receipt proves the leaf in, given the <paramref name="root"/> its proof leads to.</summary>
    public SignedTreeHead Head(byte[] root) => new(Kid, Size, root, Time, Signature);

    /// <summary>The receipt as base64url without padding: 123 bytes + kid + 32 per proof step, before encoding.</summary>
    public string Encode()
    {
        var kid = Encoding.ASCII.GetBytes(Kid);
        var bytes = new byte[FixedStart + kid.Length + MerkleTree.HashSize + 1 + Proof.Count * MerkleTree.HashSize + Signature.Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), (ulong)Index);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(9), (ulong)Size);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(17), (ulong)Time);
        bytes[25] = (byte)kid.Length;
        kid.CopyTo(bytes, FixedStart);
        var at = FixedStart + kid.Length;
        LeafHash.CopyTo(bytes, at);
        at += MerkleTree.HashSize;
        bytes[at++] = (byte)Proof.Count;
        foreach (var step in Proof)
        {
            step.CopyTo(bytes, at);
            at += MerkleTree.HashSize;
        }
        Signature.CopyTo(bytes, at);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The receipt in <paramref name="text"/> (base64url without padding), or null when it is not exactly one receipt of format 1.</summary>
    public static CompactReceipt? Decode(string text)
    {
        // Only the alphabet: padding, spaces or a second receipt are not one receipt.
        if (text.Length == 0 || text.AsSpan().ContainsAnyExcept(Alphabet) || text.Length % 4 == 1)
            return null;
        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Length < FixedStart || bytes[0] != Format)
            return null;
        var index = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(1));
        var size = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(9));
        var time = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(17));
        var kidEnd = FixedStart + bytes[25];
        if (bytes.Length <= kidEnd + MerkleTree.HashSize || index > long.MaxValue || size > long.MaxValue || time > long.MaxValue)
            return null;
        var kid = bytes.AsSpan(FixedStart, kidEnd - FixedStart);
        // The kid is printable ASCII, as a JWK's kid is in a key set.
        if (kid.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e))
            return null;
        var proofLength = bytes[kidEnd + MerkleTree.HashSize];
        var proofStart = kidEnd + MerkleTree.HashSize + 1;
        if (bytes.Length != proofStart + proofLength * MerkleTree.HashSize + SignatureSize)
            return null;
        var proof = new byte[proofLength][];
        for (var i = 0; i < proofLength; i++)
            proof[i] = bytes.AsSpan(proofStart + i * MerkleTree.HashSize, MerkleTree.HashSize).ToArray();
        return new CompactReceipt(
            (long)index, (long)size, (long)time, Encoding.ASCII.GetString(kid),
            bytes.AsSpan(kidEnd, MerkleTree.HashSize).ToArray(), proof, bytes.AsSpan(bytes.Length - SignatureSize).ToArray());
    }
}
