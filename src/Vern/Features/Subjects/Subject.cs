using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Subjects;

/// <summary>
/// A person known to Vern. Every personal field is encrypted with the person's own data key
/// (held in the key store); the e-mail address is also kept as a keyed hash for lookup.
/// </summary>
internal sealed class Subject
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
    /// <summary>Set when the data key was destroyed; the encrypted fields are cleared as well.</summary>
    [NotPersonal] public DateTime? ShreddedAt { get; set; }
    [Personal("contact-details")] public byte[]? EmailLookup { get; set; }
    [Personal("contact-details")] public byte[]? Email { get; set; }
    [Personal("contact-details")] public byte[]? Name { get; set; }
    [Personal("contact-details")] public byte[]? Phone { get; set; }
    [Personal("contact-details")] public byte[]? Company { get; set; }
    /// <summary>Art. 18: set while processing is restricted to storage; every processing step checks it.</summary>
    [NotPersonal] public DateTime? RestrictedAt { get; set; }
    /// <summary>Art. 21(3): the person objected to direct marketing; absolute, and never lifted by Vern.</summary>
    [NotPersonal] public DateTime? MarketingObjectionAt { get; set; }
    /// <summary>
    /// Art. 21(1): staff recorded compelling legitimate grounds that override the person's objection, so
    /// processing on legitimate interests goes on; never direct marketing. Only counts if after the objection.
    /// </summary>
    [NotPersonal] public DateTime? CompellingGroundsAt { get; set; }
}

/// <summary>
/// Something a person sent through a form of the company's website (contact, sign-up), recorded with
/// the purpose it was collected for and the policy version they were shown: the source of their data.
/// </summary>
internal sealed class Submission
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>contact or sign-up, or the name a customer's site gives its form.</summary>
    [NotPersonal] public string Form { get; set; } = "";
    /// <summary>The purpose of the privacy model the data was collected for.</summary>
    [NotPersonal] public string Purpose { get; set; } = "";
    [NotPersonal] public int? PolicyVersion { get; set; }
    [NotPersonal] public DateTime SubmittedAt { get; set; }
    /// <summary>The message or other free text, sealed with the subject's data key.</summary>
    [Personal("contact-details")] public byte[]? Content { get; set; }
}

/// <summary>Another identifier of a subject, such as the visitor id in their consent cookie.</summary>
internal sealed class SubjectIdentifier
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>What kind of identifier this is, e.g. <c>visitor-id</c>.</summary>
    [NotPersonal] public string Kind { get; set; } = "";
    [Personal("online-identifiers")] public byte[] Lookup { get; set; } = [];
    [Personal("online-identifiers")] public byte[]? Value { get; set; }
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> builder)
    {
        builder.HasIndex(s => s.EmailLookup);
        // The retention run asks for the few who are restricted or objected, among every person. Only they are in the indexes:
        // indexing everyone's NULL let SQLite, which keeps no statistics, read all people "not restricted" through the index
        // where a handful looked up by id was meant (a retention batch of six people then held the writer for 35 ms).
        builder.HasIndex(s => s.RestrictedAt).HasFilter("\"RestrictedAt\" IS NOT NULL");
        builder.HasIndex(s => s.MarketingObjectionAt).HasFilter("\"MarketingObjectionAt\" IS NOT NULL");
    }
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> builder)
    {
        builder.Property(s => s.Form).HasMaxLength(40);
        builder.Property(s => s.Purpose).HasMaxLength(64);
        // A person's submissions, newest last: their last contact. And the old ones by date, where retention starts.
        builder.HasIndex(s => new { s.SubjectId, s.SubmittedAt });
        builder.HasIndex(s => s.SubmittedAt);
        builder.HasOne<Subject>().WithMany().HasForeignKey(s => s.SubjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubjectIdentifierConfiguration : IEntityTypeConfiguration<SubjectIdentifier>
{
    public void Configure(EntityTypeBuilder<SubjectIdentifier> builder)
    {
        builder.Property(i => i.Kind).HasMaxLength(40);
        builder.HasIndex(i => new { i.Kind, i.Lookup });
        builder.HasOne<Subject>().WithMany().HasForeignKey(i => i.SubjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
