using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.SubProcessors;

internal enum ObjectionResolution { Accommodated, CustomerMayTerminate }

/// <summary>
/// The notice of one definition version's sub-processor changes to one of a customer's contacts, with the single link
/// through which the customer may object until the changes take effect, and the objection and its resolution. The reason
/// is the contact's own words, so it is sealed with their key.
/// </summary>
internal sealed class SubProcessorNotice
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public int ModelVersion { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [NotPersonal] public byte[] TokenHash { get; set; } = [];
    [NotPersonal] public DateTime SentAt { get; set; }
    /// <summary>The earliest effective date of the changes told of: objections are taken until then.</summary>
    [NotPersonal] public DateOnly EffectiveOn { get; set; }
    [NotPersonal] public DateTime? ObjectedAt { get; set; }
    [Personal("contact-details")] public byte[]? Reason { get; set; }
    [NotPersonal] public ObjectionResolution? Resolution { get; set; }
    [NotPersonal] public string? ResolutionNote { get; set; }
    [NotPersonal] public DateTime? ResolvedAt { get; set; }
    [NotPersonal] public string? ResolvedBy { get; set; }
}

internal sealed class SubProcessorNoticeConfiguration : IEntityTypeConfiguration<SubProcessorNotice>
{
    public void Configure(EntityTypeBuilder<SubProcessorNotice> builder)
    {
        builder.HasIndex(n => n.TokenHash).IsUnique();
        builder.HasIndex(n => new { n.ModelVersion, n.CustomerId });
        builder.HasIndex(n => n.SubjectId);
        builder.Property(n => n.TokenHash).HasMaxLength(32);
        builder.Property(n => n.Resolution).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.ResolutionNote).HasMaxLength(1000);
        builder.Property(n => n.ResolvedBy).HasMaxLength(256);
        // Two objections at once through one link: the second save finds it taken and writes nothing.
        builder.Property(n => n.ObjectedAt).IsConcurrencyToken();
    }
}
