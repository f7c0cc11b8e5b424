using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>A request from a person to use one of their GDPR rights (Art. 15–22), from intake to answer.</summary>
internal sealed class RightsRequest
{
    [NotPersonal] public Guid Id { get; set; }
    /// <summary>access, rectification, erasure, restriction, objection, portability or withdraw-consent.</summary>
    [NotPersonal] public string Type { get; set; } = "";
    [NotPersonal] public string Status { get; set; } = RightsRequestStatus.AwaitingVerification;
    /// <summary>The requester, whose contact details live encrypted in the vault.</summary>
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>What the person wrote, sealed with their data key.</summary>
    [Personal("contact-details")] public byte[]? Details { get; set; }
    [NotPersonal] public DateTime ReceivedAt { get; set; }
    /// <summary>One calendar month after receipt in Europe/Oslo (Art. 12(3)), before any extension.</summary>
    [NotPersonal] public DateOnly DueDate { get; set; }
    /// <summary>SHA-256 of the single-use verification token e-mailed to the person; the token itself is never stored.</summary>
    [NotPersonal] public byte[]? VerificationHash { get; set; }
    [NotPersonal] public DateTime? VerificationExpiresAt { get; set; }
    [NotPersonal] public DateTime? VerifiedAt { get; set; }
    [NotPersonal] public string Channel { get; set; } = "web";
}

internal static class RightsRequestStatus
{
    public const string AwaitingVerification = "awaiting-verification";
    public const string Verified = "verified";
}

internal static class RightsRequestTypes
{
    public static readonly IReadOnlyList<string> All = ["access", "rectification", "erasure", "restriction", "objection", "portability", "withdraw-consent"];
}

internal sealed class RightsRequestConfiguration : IEntityTypeConfiguration<RightsRequest>
{
    public void Configure(EntityTypeBuilder<RightsRequest> builder)
    {
        builder.Property(r => r.Type).HasMaxLength(32);
        builder.Property(r => r.Status).HasMaxLength(32);
        builder.Property(r => r.Channel).HasMaxLength(16);
        builder.HasIndex(r => r.VerificationHash);
        builder.HasIndex(r => r.DueDate);
        builder.HasIndex(r => r.SubjectId);
    }
}
