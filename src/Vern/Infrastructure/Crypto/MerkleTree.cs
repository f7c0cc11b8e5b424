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
    public static byte[] Root(IReadOnlyList<byte[]> leaves) => leaves.Count == 0 ? EmptyRoot() : Root(leaves.Count, Over(leaves));

    /// <summary>PATH(index, D[size]): the inclusion proof of one leaf in the tree of the first <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leaves, int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, leaves.Count);
        return InclusionProof(index, size, Over(leaves));
    }

    /// <summary>PROOF(first, D[second]): that the tree of <paramref name="second"/> leaves extends the one of <paramref name="first"/>.</summary>
    public static List<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leaves, int first, int second)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(second, leaves.Count);
        return ConsistencyProof(first, second, Over(leaves));
    }

    /// <summary>
    /// MTH(D[size]) from the hashes of complete subtrees: <paramref name="node"/>(level, index) is the root of
    /// the 2^level leaves from index·2^level. Every subtree RFC 9162 splits a tree into is either such a
    /// complete subtree or the tree's right edge, which is made of them, so a stored table of complete
    /// subtrees answers any root or proof with O(log n) look-ups.
    /// </summary>
    public static byte[] Root(long size, Node node) => size == 0 ? EmptyRoot() : Range(0, size, node);

    /// <summary>PATH(index, D[size]) from the hashes of complete subtrees.</summary>
    public static List<byte[]> InclusionProof(long index, long size, Node node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        Path(index, 0, size, node, path);
        return path;
    }

    /// <summary>PROOF(first, D[second]) from the hashes of complete subtrees.</summary>
    public static List<byte[]> ConsistencyProof(long first, long second, Node node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var proof = new List<byte[]>();
        if (first > 0)
            SubProof(first, 0, second, complete: true, node, proof);
        return proof;
    }

    /// <summary>
    /// The complete subtrees (level, index) that <paramref name="compute"/> reads, found by running it over
    /// placeholder hashes: which nodes a root or proof needs depends on the sizes alone, so a caller can
    /// fetch them all in one query and then run the computation for real.
    /// </summary>
    public static HashSet<(int Level, long Index)> NodesRead(Action<Node> compute)
    {
        var read = new HashSet<(int, long)>();
        var placeholder = new byte[HashSize];
        compute((level, index) =>
        {
            read.Add((level, index));
            return placeholder;
        });
        return read;
    }

    /// <summary>
    /// The complete subtrees that make up a tree of <paramref name="size"/> leaves, left to right (its right
    /// edge, or frontier): the largest first, one per bit set in the size. Appending a leaf only ever
    /// combines the last of them.
    /// </summary>
    public static IEnumerable<(int Level, long Index)> Frontier(long size)
    {
        long start = 0;
        for (var level = 62; level >= 0; level--)
            if ((size & (1L << level)) != 0)
            {
                yield return (level, start >> level);
                start += 1L << level;
            }
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
    private static long Split(long n) => 1L << BitOperations.Log2((ulong)n - 1);

    /// <summary>The complete subtrees of a list of leaf hashes, computed from the leaves (for small trees and tests).</summary>
    private static Node Over(IReadOnlyList<byte[]> leaves) => (level, index) =>
        level == 0 ? leaves[(int)index] : NodeHash(Over(leaves)(level - 1, 2 * index), Over(leaves)(level - 1, 2 * index + 1));

    /// <summary>MTH of the leaves [start, end), where start is aligned to the largest power of two below end - start.</summary>
    private static byte[] Range(long start, long end, Node node)
    {
        var n = end - start;
        if (BitOperations.IsPow2(n))
            return node(BitOperations.Log2((ulong)n), start / n);
        var k = Split(n);
        return NodeHash(Range(start, start + k, node), Range(start + k, end, node));
    }

    private static void Path(long index, long start, long end, Node node, List<byte[]> path)
    {
        if (end - start == 1)
            return;
        var k = Split(end - start);
        if (index < start + k)
        {
            Path(index, start, start + k, node, path);
            path.Add(Range(start + k, end, node));
        }
        else
        {
            Path(index, start + k, end, node, path);
            path.Add(Range(start, start + k, node));
        }
    }

    private static void SubProof(long m, long start, long end, bool complete, Node node, List<byte[]> proof)
    {
        if (m == end - start)
        {
            if (!complete)
                proof.Add(Range(start, end, node));
            return;
        }
        var k = Split(end - start);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, node, proof);
            proof.Add(Range(start + k, end, node));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, node, proof);
            proof.Add(Range(start, start + k, node));
        }
    }

    /// <summary>The root of the complete subtree of 2^<paramref name="level"/> leaves starting at leaf index·2^level.</summary>
    public delegate byte[] Node(int level, long index);
}
