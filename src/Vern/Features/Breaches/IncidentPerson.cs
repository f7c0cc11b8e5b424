using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Breaches;

/// <summary>
/// A person affected by an incident assessed as a high risk, to be told of it (Art. 34): the person is the vault's, named
/// here by id alone; when they were told, and in which language. Only privacy officers see who they are.
/// </summary>
internal sealed class IncidentPerson
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public Guid IncidentId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [NotPersonal] public string Language { get; set; } = "";
    [NotPersonal] public DateTime AddedAt { get; set; }
    [NotPersonal] public string AddedBy { get; set; } = "";
    [NotPersonal] public DateTime? NotifiedAt { get; set; }
}

internal sealed class IncidentPersonConfiguration : IEntityTypeConfiguration<IncidentPerson>
{
    public void Configure(EntityTypeBuilder<IncidentPerson> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Language).HasMaxLength(8);
        builder.Property(p => p.AddedBy).HasMaxLength(256);
        builder.HasIndex(p => new { p.IncidentId, p.SubjectId }).IsUnique();
        builder.HasIndex(p => p.SubjectId);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId);
    }
}
