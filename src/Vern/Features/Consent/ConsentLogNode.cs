using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// The hash of one complete subtree of the consent log's Merkle tree: the 2^<see cref="Level"/> leaves from
/// <see cref="Index"/>·2^Level (level 0 holds the leaf hashes). Written once, when the subtree's last leaf is
/// appended, and never changed; any root or proof needs O(log n) of them. They stay when retention deletes
/// the records below them, so proofs for the remaining records and consistency proofs still work.
/// </summary>
internal sealed class ConsentLogNode
{
    [NotPersonal] public int Level { get; set; }
    [NotPersonal] public long Index { get; set; }
    /// <summary>SHA-256 over hashes or over a leaf: one-way, and a leaf holds only a pseudonym and the choices.</summary>
    [NotPersonal] public byte[] Hash { get; set; } = [];
}

internal sealed class ConsentLogNodeConfiguration : IEntityTypeConfiguration<ConsentLogNode>
{
    public void Configure(EntityTypeBuilder<ConsentLogNode> builder)
    {
        builder.HasKey(n => new { n.Level, n.Index });
        builder.Property(n => n.Hash).HasMaxLength(32);
    }
}
