using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>
/// The log's tree while a commit appends to it: the frontier (the complete subtrees that make up the tree, as a
/// binary counter's stack) and every node completed since. Appending a leaf pushes it and merges equal-sized
/// subtrees, so each leaf costs O(1) hashes amortised, and the new root and every new leaf's proof need nothing
/// but the frontier and the new nodes.
/// </summary>
internal sealed class ConsentLogAppend
{
    private readonly List<(int Level, long Index, byte[] Hash)> frontier;
    private readonly Dictionary<(int Level, long Index), byte[]> known;
    private List<ConsentLogNode> added = [];

    public ConsentLogAppend(long firstSequence, long size, IReadOnlyList<(int Level, long Index, byte[] Hash)> frontier)
    {
        FirstSequence = firstSequence;
        Size = size;
        this.frontier = [.. frontier];
        known = frontier.ToDictionary(f => (f.Level, f.Index), f => f.Hash);
    }

    public long FirstSequence { get; }
    public long Size { get; private set; }

    /// <summary>The ledger sequence the next leaf must have: the log holds every record from its first, in order.</summary>
    public long NextSequence => FirstSequence + Size;

    /// <summary>Appends the record as the next leaf; returns the leaf hash.</summary>
    public byte[] Add(ConsentRecord record)
    {
        if (record.Sequence != NextSequence)
            throw new InvalidOperationException($"The consent log expected record {NextSequence} next, not {record.Sequence}: the ledger has a gap.");
        return Add(MerkleTree.LeafHash(ConsentLog.LeafBytes(record, Size)));
    }

    public byte[] Add(byte[] leafHash)
    {
        Push(0, Size, leafHash);
        Size++;
        while (frontier.Count >= 2 && frontier[^1].Level == frontier[^2].Level)
        {
            var (right, left) = (frontier[^1], frontier[^2]);
            frontier.RemoveRange(frontier.Count - 2, 2);
            Push(left.Level + 1, left.Index / 2, MerkleTree.NodeHash(left.Hash, right.Hash));
        }
        return leafHash;
    }

    private void Push(int level, long index, byte[] hash)
    {
        frontier.Add((level, index, hash));
        known[(level, index)] = hash;
        added.Add(new ConsentLogNode { Level = level, Index = index, Hash = hash });
    }

    /// <summary>The root of the tree as it stands: its frontier folded from the right.</summary>
    public byte[] Root()
    {
        if (frontier.Count == 0)
            return MerkleTree.EmptyRoot();
        var root = frontier[^1].Hash;
        for (var i = frontier.Count - 2; i >= 0; i--)
            root = MerkleTree.NodeHash(frontier[i].Hash, root);
        return root;
    }

    /// <summary>The inclusion proof of a leaf appended in this commit, in the tree as it stands.</summary>
    public List<byte[]> Proof(long index) => MerkleTree.InclusionProof(index, Size, (level, i) => known[(level, i)]);

    /// <summary>The nodes completed since the last call, to be written; forgets those no later proof here needs.</summary>
    public IReadOnlyList<ConsentLogNode> TakeAdded()
    {
        var taken = added;
        added = [];
        known.Clear();
        foreach (var (level, index, hash) in frontier)
            known[(level, index)] = hash;
        return taken;
    }
}
