using Vern.Infrastructure.Crypto;

namespace Vern.Tests.Consent;

/// <summary>The log's tree agrees with Certificate Transparency's reference vectors, so anyone's CT code can check Vern's proofs.</summary>
public sealed class MerkleTreeTests
{
    // The RFC 6962 reference leaves, and the root of the tree of the first n of them for n = 0..8.
    private static readonly byte[][] Leaves = [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
        .Select(h => MerkleTree.LeafHash(Convert.FromHexString(h)))];

    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static readonly byte[][] Many = [.. Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)]))];

    [Fact]
    public void Every_root_is_the_reference_root()
    {
        for (var n = 0; n <= Leaves.Length; n++)
            Assert.Equal(Roots[n], Convert.ToHexStringLower(MerkleTree.Root(Leaves[..n])));
    }

    [Theory]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void Inclusion_proofs_are_the_reference_proofs_and_verify(int index, int size, string expected)
    {
        var proof = MerkleTree.InclusionProof(Leaves, index, size);
        Assert.Equal(expected, string.Join(' ', proof.Select(Convert.ToHexStringLower)));
        Assert.True(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof, Convert.FromHexString(Roots[size])));
    }

    [Theory]
    [InlineData(2, 8, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void Consistency_proofs_are_the_reference_proofs_and_verify(int first, int second, string expected)
    {
        var proof = MerkleTree.ConsistencyProof(Leaves, first, second);
        Assert.Equal(expected, string.Join(' ', proof.Select(Convert.ToHexStringLower)));
        Assert.True(MerkleTree.VerifyConsistency(first, second, Convert.FromHexString(Roots[first]), Convert.FromHexString(Roots[second]), proof));
    }

    [Fact]
    public void Every_inclusion_proof_verifies_in_every_size_and_an_altered_one_never_does()
    {
        for (var n = 1; n <= Many.Length; n++)
        {
            var root = MerkleTree.Root(Many[..n]);
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(Many, i, n);
                Assert.True(MerkleTree.VerifyInclusion(i, n, Many[i], proof, root), $"leaf {i} of {n}");
                Assert.False(MerkleTree.VerifyInclusion(i, n, Many[(i + 1) % Many.Length], proof, root), $"another leaf at {i} of {n}");
                if (n < Many.Length)
                    Assert.False(MerkleTree.VerifyInclusion(i, n + 1, Many[i], proof, MerkleTree.Root(Many[..(n + 1)])), $"leaf {i} of {n} claimed in the next tree");
                Assert.False(MerkleTree.VerifyInclusion(i, n, Many[i], [.. proof, root], root), $"leaf {i} of {n}, proof extended");
                if (proof.Count == 0)
                    continue;
                Assert.False(MerkleTree.VerifyInclusion(i ^ 1, n, Many[i], proof, root), $"leaf {i} of {n} at another index");
                Assert.False(MerkleTree.VerifyInclusion(i, n, Many[i], proof[..^1], root), $"leaf {i} of {n}, proof cut short");
                var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
                flipped[^1][7] ^= 1;
                Assert.False(MerkleTree.VerifyInclusion(i, n, Many[i], flipped, root), $"leaf {i} of {n}, a bit flipped");
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_verifies_and_an_altered_one_or_a_forked_log_never_does()
    {
        var forked = Many.ToArray();
        for (var second = 1; second <= Many.Length; second++)
        {
            var secondRoot = MerkleTree.Root(Many[..second]);
            for (var first = 1; first < second; first++)
            {
                var firstRoot = MerkleTree.Root(Many[..first]);
                var proof = MerkleTree.ConsistencyProof(Many, first, second);
                Assert.True(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, proof), $"{first} to {second}");
                Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, proof[..^1]), $"{first} to {second}, proof cut short");
                var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
                flipped[0][3] ^= 0x80;
                Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, flipped), $"{first} to {second}, a bit flipped");
                // A log that rewrote a leaf the old head covered cannot prove it only grew.
                forked[first - 1] = MerkleTree.LeafHash([0xff, (byte)first]);
                Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, MerkleTree.Root(forked[..second]), proof), $"{first} to {second}, history rewritten");
                forked[first - 1] = Many[first - 1];
            }
        }
        Assert.True(MerkleTree.VerifyConsistency(0, 8, MerkleTree.EmptyRoot(), Convert.FromHexString(Roots[8]), []));
        Assert.False(MerkleTree.VerifyConsistency(8, 6, Convert.FromHexString(Roots[8]), Convert.FromHexString(Roots[6]), []));
    }
}
