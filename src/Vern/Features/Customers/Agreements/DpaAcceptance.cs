using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Agreements;

internal enum AcceptanceMethod { EmailedLink, SignedPaper }

/// <summary>
/// A customer's acceptance of one version of the data processing agreement: which version, the hash of its exact text,
/// when, how, and by which contact. The signed receipt names the person, so it is sealed with their data key; the rest
/// stays as evidence of the customer's acceptance after the person is erased.
/// </summary>
internal sealed class DpaAcceptance
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public int VersionNumber { get; set; }
    [NotPersonal] public byte[] TextHash { get; set; } = [];
    [NotPersonal] public AcceptanceMethod Method { get; set; }
    [NotPersonal] public DateTime AcceptedAt { get; set; }
    /// <summary>The contact who accepted or signed.</summary>
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>The staff member who recorded a signed paper copy; null for an acceptance through the e-mailed link.</summary>
    [NotPersonal] public string? RecordedBy { get; set; }
    /// <summary>The receipt (a compact JWS signed with Vern's key), sealed with the person's data key; null once they are erased.</summary>
    [Personal("contact-details")] public byte[]? Receipt { get; set; }
    /// <summary>The scan of a signed paper copy (PDF, JPEG or PNG), sealed with the signatory's data key: it bears their signature.</summary>
    [Personal("contact-details")] public byte[]? Paper { get; set; }
    /// <summary>The scan's media type, read from its first bytes rather than taken from the upload.</summary>
    [NotPersonal] public string? PaperType { get; set; }
}

internal sealed class DpaAcceptanceConfiguration : IEntityTypeConfiguration<DpaAcceptance>
{
    public void Configure(EntityTypeBuilder<DpaAcceptance> builder)
    {
        builder.HasIndex(a => new { a.CustomerId, a.VersionNumber });
        builder.HasIndex(a => a.SubjectId);
        builder.Property(a => a.TextHash).HasMaxLength(32);
        builder.Property(a => a.Method).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.RecordedBy).HasMaxLength(256);
        builder.Property(a => a.PaperType).HasMaxLength(32);
    }
}
