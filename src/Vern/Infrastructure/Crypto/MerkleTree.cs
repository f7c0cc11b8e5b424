using System.Numerics;
using System.Security.Cryptography;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// The Merkle tree of Certificate Transparency (RFC 9162 §2.1), exactly: SHA-256, leaves hashed behind a
/// 0x00 byte and nodes behind 0x01, split at the largest power of two below the size. Exact, so that an
/// auditor's own few lines of code (or any CT library) agree with Vern on every root and proof.
/// </summary>
internal static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>The root of the empty tree: the hash of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var input = new byte[data.Length + 1];
        data.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * HashSize];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        return SHA256.HashData(input);
    }

    /// <summary>MTH(D[n]) over the leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves) => leaves.Count == 0 ? EmptyRoot() : Root(leaves, 0, leaves.Count);

    /// <summary>PATH(index, D[size]): the inclusion proof of one leaf in the tree of the first <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leaves, int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, leaves.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        Path(leaves, index, 0, size, path);
        return path;
    }

    /// <summary>PROOF(first, D[second]): that the tree of <paramref name="second"/> leaves extends the one of <paramref name="first"/>.</summary>
    public static List<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leaves, int first, int second)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(second, leaves.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var proof = new List<byte[]>();
        if (first > 0)
            SubProof(leaves, first, 0, second, complete: true, proof);
        return proof;
    }

    /// <summary>RFC 9162 §2.1.3.2: whether <paramref name="proof"/> shows the leaf at <paramref name="index"/> is in the tree of <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root) =>
        root.Length == HashSize && RootFromInclusion(index, size, leafHash, proof) is { } computed && computed.AsSpan().SequenceEqual(root);

    /// <summary>
    /// The root that <paramref name="proof"/> leads to from the leaf at <paramref name="index"/> in a tree of
    /// <paramref name="size"/> leaves (RFC 9162 §2.1.3.2), or null when the proof cannot belong to that position;
    /// for a receipt, whose root is known only through the signature over it.
    /// </summary>
    public static byte[]? RootFromInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        if (index < 0 || index >= size || leafHash.Length != HashSize || proof.Any(p => p.Length != HashSize))
            return null;
        var (fn, sn) = (index, size - 1);
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
                return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                    (fn, sn) = (fn >> 1, sn >> 1);
            }
            else
                r = NodeHash(r, p);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 ? r : null;
    }

    /// <summary>RFC 9162 §2.1.4.2: whether <paramref name="proof"/> shows the tree of <paramref name="second"/> leaves only added to the one of <paramref name="first"/>.</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 0 || first > second || firstRoot.Length != HashSize || secondRoot.Length != HashSize || proof.Any(p => p.Length != HashSize))
            return false;
        if (first == second)
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (first == 0)
            return proof.Count == 0 && firstRoot.SequenceEqual(EmptyRoot());
        if (proof.Count == 0)
            return false;
        var path = BitOperations.IsPow2(first) ? [firstRoot.ToArray(), .. proof] : proof;
        var (fn, sn) = (first - 1, second - 1);
        while ((fn & 1) == 1)
            (fn, sn) = (fn >> 1, sn >> 1);
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                (fr, sr) = (NodeHash(c, fr), NodeHash(c, sr));
                while ((fn & 1) == 0 && fn != 0)
                    (fn, sn) = (fn >> 1, sn >> 1);
            }
            else
                sr = NodeHash(sr, c);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree.</summary>
    private static int Split(int n) => 1 << BitOperations.Log2((uint)n - 1);

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        if (end - start == 1)
            return leaves[start];
        var k = Split(end - start);
        return NodeHash(Root(leaves, start, start + k), Root(leaves, start + k, end));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int index, int start, int end, List<byte[]> path)
    {
        if (end - start == 1)
            return;
        var k = Split(end - start);
        if (index < k)
        {
            Path(leaves, index, start, start + k, path);
            path.Add(Root(leaves, start + k, end));
        }
        else
        {
            Path(leaves, index - k, start + k, end, path);
            path.Add(Root(leaves, start, start + k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool complete, List<byte[]> proof)
    {
        if (m == end - start)
        {
            if (!complete)
                proof.Add(Root(leaves, start, end));
            return;
        }
        var k = Split(end - start);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, complete, proof);
            proof.Add(Root(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, complete: false, proof);
            proof.Add(Root(leaves, start, start + k));
        }
    }
}
