using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Breaches;

/// <summary>
/// A customer told, as its processor (Art. 33(2)), that an incident touched the data we process for it: when, by whom,
/// and how many of its privacy contacts the notice was sent to. A later phase is a notice of its own.
/// </summary>
internal sealed class IncidentCustomerNotice
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public Guid IncidentId { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public DateTime NotifiedAt { get; set; }
    [NotPersonal] public string NotifiedBy { get; set; } = "";
    [NotPersonal] public int Contacts { get; set; }
}

internal sealed class IncidentCustomerNoticeConfiguration : IEntityTypeConfiguration<IncidentCustomerNotice>
{
    public void Configure(EntityTypeBuilder<IncidentCustomerNotice> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.NotifiedBy).HasMaxLength(256);
        builder.HasIndex(n => new { n.IncidentId, n.CustomerId });
        builder.HasOne<Incident>().WithMany().HasForeignKey(n => n.IncidentId);
    }
}
