using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers;

/// <summary>
/// A customer's privacy contact: the person who receives its data processing agreement, notices and certificates. Name
/// and address are the person's in the vault; the job title is sealed with the person's data key beside them.
/// </summary>
internal sealed class CustomerContact
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [Personal("contact-details")] public byte[]? Title { get; set; }
    [NotPersonal] public DateTime AddedAt { get; set; }
    [NotPersonal] public string AddedBy { get; set; } = "";
}

internal sealed class CustomerContactConfiguration : IEntityTypeConfiguration<CustomerContact>
{
    public void Configure(EntityTypeBuilder<CustomerContact> builder)
    {
        builder.Property(c => c.AddedBy).HasMaxLength(256);
        builder.HasIndex(c => new { c.CustomerId, c.SubjectId }).IsUnique();
        builder.HasIndex(c => c.SubjectId);
    }
}
