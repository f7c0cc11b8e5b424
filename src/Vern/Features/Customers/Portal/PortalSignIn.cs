using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Portal;

/// <summary>An e-mailed link that signs a customer's contact in to the portal: only its token's SHA-256 is kept; it works once, for 30 minutes.</summary>
internal sealed class PortalSignIn
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [NotPersonal] public byte[] TokenHash { get; set; } = [];
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public DateTime ExpiresAt { get; set; }
    [NotPersonal] public DateTime? UsedAt { get; set; }
}

internal sealed class PortalSignInConfiguration : IEntityTypeConfiguration<PortalSignIn>
{
    public void Configure(EntityTypeBuilder<PortalSignIn> builder)
    {
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => s.SubjectId);
        builder.Property(s => s.TokenHash).HasMaxLength(32);
        // A link used twice at once signs in once.
        builder.Property(s => s.UsedAt).IsConcurrencyToken();
    }
}
