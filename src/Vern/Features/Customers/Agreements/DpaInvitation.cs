using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Agreements;

/// <summary>
/// A link e-mailed to one of a customer's contacts to accept one version of the agreement. Only the SHA-256 of its
/// random token is stored; it works once, until it expires, and only while its version is the current one.
/// </summary>
internal sealed class DpaInvitation
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [NotPersonal] public int VersionNumber { get; set; }
    [NotPersonal] public byte[] TokenHash { get; set; } = [];
    [NotPersonal] public DateTime SentAt { get; set; }
    [NotPersonal] public string SentBy { get; set; } = "";
    [NotPersonal] public DateTime ExpiresAt { get; set; }
    [NotPersonal] public DateTime? UsedAt { get; set; }
}

internal sealed class DpaInvitationConfiguration : IEntityTypeConfiguration<DpaInvitation>
{
    public void Configure(EntityTypeBuilder<DpaInvitation> builder)
    {
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.CustomerId);
        builder.HasIndex(i => i.SubjectId);
        builder.Property(i => i.TokenHash).HasMaxLength(32);
        builder.Property(i => i.SentBy).HasMaxLength(256);
        // Two clicks at once: the second save finds the link used and writes nothing.
        builder.Property(i => i.UsedAt).IsConcurrencyToken();
    }
}
