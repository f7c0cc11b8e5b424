using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Breaches;

/// <summary>What a step in an incident's timeline did.</summary>
internal enum IncidentStep { Reported, Updated, Assessed, AuthorityNotified, FollowUp, Reminded, Closed, CustomersNotified, PeopleNotified, CustomersReminded }

/// <summary>
/// One step of an incident's timeline, written in the same save as the change it records (and as its audit entry):
/// who, when, and what changed, so the register shows how the response unfolded (Art. 33(5)).
/// </summary>
internal sealed class IncidentEvent
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public Guid IncidentId { get; set; }
    [NotPersonal] public DateTime At { get; set; }
    [NotPersonal] public string Actor { get; set; } = "";
    [NotPersonal] public IncidentStep Step { get; set; }
    [NotPersonal] public string Detail { get; set; } = "";
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Detail).HasMaxLength(Incidents.MaxText * 2);
        builder.HasIndex(e => new { e.IncidentId, e.At });
    }
}
