using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// Where the ledger starts after retention deleted its oldest records: the sequence and hash of the
/// last deleted record, so the remaining chain still verifies. Each anchor is also written to the
/// audit trail in the same transaction, so moving it forward to hide a deletion shows there.
/// </summary>
internal sealed class ConsentAnchor
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public long Sequence { get; set; }
    [NotPersonal] public string Hash { get; set; } = "";
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public int Deleted { get; set; }
}

internal sealed class ConsentAnchorConfiguration : IEntityTypeConfiguration<ConsentAnchor>
{
    public void Configure(EntityTypeBuilder<ConsentAnchor> builder)
    {
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.Property(a => a.Hash).HasMaxLength(64);
    }
}
