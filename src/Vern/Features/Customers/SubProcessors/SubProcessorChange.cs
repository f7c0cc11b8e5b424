using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.SubProcessors;

internal enum SubProcessorChangeKind { Added, Changed, Removed }

/// <summary>
/// A sub-processor a version of the definition adds to a processor activity, moves (another country or transfer
/// safeguard), or removes from it (Art. 28(2)); customers are told of the first two before they take effect.
/// </summary>
internal sealed class SubProcessorChange
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public int ModelVersion { get; set; }
    [NotPersonal] public string ActivityId { get; set; } = "";
    [NotPersonal] public string RecipientId { get; set; } = "";
    [NotPersonal] public string RecipientName { get; set; } = "";
    [NotPersonal] public string Country { get; set; } = "";
    [NotPersonal] public SubProcessorChangeKind Kind { get; set; }
    /// <summary>The day the change takes effect: the recipient's <c>listedSince</c> when later, else the notice period from the day it was announced.</summary>
    [NotPersonal] public DateOnly EffectiveOn { get; set; }
    [NotPersonal] public DateTime AnnouncedAt { get; set; }
    [NotPersonal] public string AnnouncedBy { get; set; } = "";
}

internal sealed class SubProcessorChangeConfiguration : IEntityTypeConfiguration<SubProcessorChange>
{
    public void Configure(EntityTypeBuilder<SubProcessorChange> builder)
    {
        builder.HasIndex(c => c.ModelVersion);
        builder.Property(c => c.ActivityId).HasMaxLength(100);
        builder.Property(c => c.RecipientId).HasMaxLength(100);
        builder.Property(c => c.RecipientName).HasMaxLength(200);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AnnouncedBy).HasMaxLength(256);
    }
}
