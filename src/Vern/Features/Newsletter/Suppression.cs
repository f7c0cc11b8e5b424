using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter;

/// <summary>
/// An address that unsubscribed, as its keyed hash only: a sign-up form or an import meets it and sends nothing until
/// the person confirms from a new e-mail. Kept after the subscriber's details are deleted, which is what it is for.
/// </summary>
internal sealed class Suppression
{
    [Personal("contact-details", NoSource = "The keyed hash of an address that unsubscribed, kept so that it is never added back without a new confirmation; it cannot be read back into the address, and finding it needs the address itself.")]
    public byte[] EmailLookup { get; set; } = [];
    [NotPersonal] public DateTime SuppressedAt { get; set; }
}

internal sealed class SuppressionConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.ToTable("NewsletterSuppressions");
        builder.HasKey(s => s.EmailLookup);
        builder.Property(s => s.EmailLookup).HasMaxLength(32);
    }
}
