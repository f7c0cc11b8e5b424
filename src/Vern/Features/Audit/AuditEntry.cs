using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Audit;

/// <summary>
/// One append-only entry of the audit trail: who did what, to which subject (by id), why and when.
/// Each entry hashes its predecessor, so an edited, inserted or deleted entry breaks the chain.
/// </summary>
internal sealed class AuditEntry : IChainEntry
{
    [NotPersonal] public long Id { get; set; }
    /// <summary>Position in the chain, contiguous from 1.</summary>
    [NotPersonal] public long Sequence { get; set; }
    [NotPersonal] public DateTime At { get; set; }
    /// <summary>The staff account (or "system") that acted.</summary>
    [NotPersonal] public string Actor { get; set; } = "";
    /// <summary>What happened, as a dotted verb such as <c>subject.viewed</c>.</summary>
    [NotPersonal] public string Action { get; set; } = "";
    [NotPersonal] public Guid? SubjectId { get; set; }
    /// <summary>The rights request (case) the entry belongs to, so a case lists its entries by an indexed column.</summary>
    [NotPersonal] public Guid? RequestId { get; set; }
    /// <summary>The reason staff gave; free text that must not repeat personal data.</summary>
    [NotPersonal] public string? Reason { get; set; }
    [NotPersonal] public string? Details { get; set; }
    [NotPersonal] public string PreviousHash { get; set; } = "";
    [NotPersonal] public string Hash { get; set; } = "";

    public static AuditEntry Create(TimeProvider time, string actor, string action, Guid? subjectId = null, string? reason = null, string? details = null, Guid? requestId = null) => new()
    {
        At = time.GetUtcNow().UtcDateTime,
        Actor = actor,
        Action = action,
        SubjectId = subjectId,
        RequestId = requestId,
        Reason = reason,
        Details = details,
    };
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => e.SubjectId);
        builder.HasIndex(e => e.RequestId);
        builder.HasIndex(e => e.At);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Property(e => e.Details).HasMaxLength(2000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
    }
}
