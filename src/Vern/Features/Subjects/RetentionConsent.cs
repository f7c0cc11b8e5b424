using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Subjects;

/// <summary>
/// A person's consent to keep their records under one retention rule longer than the rule says, by at most the
/// rule's <c>keepLonger</c> period (ADR 35). Given with a form submission, apart from the banner's consent ledger:
/// it is no cookie choice, and it is about how long, not whether, their data is used. It stands until they withdraw
/// it or until the records it kept are gone; then it has ended and extends nothing again.
/// </summary>
internal sealed class RetentionConsent
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>The id of the retention rule it extends.</summary>
    [NotPersonal] public string Rule { get; set; } = "";
    [NotPersonal] public DateTime GivenAt { get; set; }
    /// <summary>
    /// The extra time agreed to (ISO 8601), the rule's <c>keepLonger</c> period when given: a definition that later
    /// offers a different period does not stretch what the person agreed to.
    /// </summary>
    [NotPersonal] public string Period { get; set; } = "";
    /// <summary>The policy version the person was shown, which says for how long and why.</summary>
    [NotPersonal] public int? PolicyVersion { get; set; }
    [NotPersonal] public DateTime? WithdrawnAt { get; set; }
    /// <summary>Set when the records it kept were disposed of: it never outlives what it kept.</summary>
    [NotPersonal] public DateTime? EndedAt { get; set; }
}

internal sealed class RetentionConsentConfiguration : IEntityTypeConfiguration<RetentionConsent>
{
    public void Configure(EntityTypeBuilder<RetentionConsent> builder)
    {
        builder.Property(c => c.Rule).HasMaxLength(100);
        builder.Property(c => c.Period).HasMaxLength(32);
        // The retention run asks, per rule, whose consent stands.
        builder.HasIndex(c => new { c.Rule, c.SubjectId });
        builder.HasIndex(c => c.SubjectId);
        builder.HasOne<Subject>().WithMany().HasForeignKey(c => c.SubjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
