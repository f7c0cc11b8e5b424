using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>A request from a person to use one of their GDPR rights (Art. 15–22), from intake to answer.</summary>
internal sealed class RightsRequest
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public RightsRequestType Type { get; set; }
    [NotPersonal] public RightsRequestStatus Status { get; set; } = RightsRequestStatus.AwaitingVerification;
    /// <summary>The requester, whose contact details live encrypted in the vault.</summary>
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>What the person wrote, sealed with their data key.</summary>
    [Personal("contact-details", NoSource = "The person's own words in the request being answered, shown to staff on the case page; sealed with their data key and cleared when they are erased (ErasedSubjects). An access package does not include them.")]
    public byte[]? Details { get; set; }
    [NotPersonal] public DateTime ReceivedAt { get; set; }
    /// <summary>One calendar month after receipt in Europe/Oslo (Art. 12(3)), before any extension.</summary>
    [NotPersonal] public DateOnly DueDate { get; set; }
    /// <summary>SHA-256 of the single-use verification token e-mailed to the person; the token itself is never stored.</summary>
    [NotPersonal] public byte[]? VerificationHash { get; set; }
    [NotPersonal] public DateTime? VerificationExpiresAt { get; set; }
    [NotPersonal] public DateTime? VerifiedAt { get; set; }
    /// <summary>Staff log a request received by e-mail, letter or phone with the date of receipt.</summary>
    [NotPersonal] public RequestChannel Channel { get; set; } = RequestChannel.Web;
    /// <summary>The staff account that logged a request received outside the web form.</summary>
    [NotPersonal] public string? LoggedBy { get; set; }
    /// <summary>The due date after an extension of up to two further months (Art. 12(3)).</summary>
    [NotPersonal] public DateOnly? ExtendedDueDate { get; set; }
    /// <summary>Why more time is needed, as told to the person; written by staff without personal data.</summary>
    [NotPersonal] public string? ExtensionReason { get; set; }
    /// <summary>Why a manifestly unfounded or excessive request was refused (Art. 12(5)), as told to the person.</summary>
    [NotPersonal] public string? RefusalReason { get; set; }
    /// <summary>When the request was completed, refused or expired.</summary>
    [NotPersonal] public DateTime? ClosedAt { get; set; }
    /// <summary>A plain-language summary of what was done and what was kept and why, as sent to the person.</summary>
    [NotPersonal] public string? Outcome { get; set; }
    /// <summary>
    /// The language the person wrote in, en or nb: every message about the request and the access
    /// package speak it, so a person who asked in Norwegian is answered in Norwegian.
    /// </summary>
    [NotPersonal] public string Language { get; set; } = Languages.Default;

    /// <summary>
    /// Until when the process carrying the request out holds it (<see cref="Infrastructure.Jobs.WorkLease"/>);
    /// a request still in progress after that was abandoned by a process that stopped, and is taken up again.
    /// </summary>
    [NotPersonal] public DateTime? ClaimedUntil { get; set; }

    /// <summary>The date the answer is owed by, extension included.</summary>
    [NotPersonal] public DateOnly EffectiveDueDate => ExtendedDueDate ?? DueDate;
}

/// <summary>
/// Every message sent about a request, so the privacy officer can show what the person was told and
/// when. The body is not kept: it held the person's data and links; the kind and subject line are enough.
/// </summary>
internal sealed class RequestMessage
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid RequestId { get; set; }
    [NotPersonal] public DateTime SentAt { get; set; }
    [NotPersonal] public RequestMessageKind Kind { get; set; }
    [NotPersonal] public string Subject { get; set; } = "";
}

/// <summary>What one source (internal feature or external connector) did for a request, with retries.</summary>
internal sealed class RequestSourceResult
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid RequestId { get; set; }
    [NotPersonal] public string Source { get; set; } = "";
    [NotPersonal] public SourceStatus Status { get; set; } = SourceStatus.Pending;
    [NotPersonal] public int Attempts { get; set; }
    /// <summary>What happened, without personal data (HTTP status, counts, the hold that kept data).</summary>
    [NotPersonal] public string? Detail { get; set; }
    [NotPersonal] public DateTime? NextAttemptAt { get; set; }
    [NotPersonal] public DateTime? CompletedAt { get; set; }
    /// <summary>For recipients told of an erasure (Art. 19): when they acknowledged it.</summary>
    [NotPersonal] public DateTime? AcknowledgedAt { get; set; }
}

/// <summary>
/// A fulfilled access or portability request's ZIP, sealed with the person's data key (so erasing
/// the person also makes every copy unreadable) and handed out through a single expiring link.
/// </summary>
internal sealed class AccessPackage
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid RequestId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>SHA-256 of the download token e-mailed to the person.</summary>
    [NotPersonal] public byte[] TokenHash { get; set; } = [];
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public DateTime ExpiresAt { get; set; }
    [NotPersonal] public DateTime? LastDownloadedAt { get; set; }
    [Personal("contact-details", NoSource = "The answer to an access or portability request itself: sealed with the person's data key and deleted when they are erased (ErasedSubjects); a later package does not repeat an earlier one.")]
    public byte[]? Content { get; set; }
}

/// <summary>
/// One line of the erasure ledger: which subject was erased, when and by which request. It holds no
/// personal data, so it survives the erasure and lets a restored backup replay it.
/// </summary>
internal sealed class ErasureLedgerEntry
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    [NotPersonal] public Guid? RequestId { get; set; }
    [NotPersonal] public DateTime ErasedAt { get; set; }
    /// <summary>The sources erased, comma-separated.</summary>
    [NotPersonal] public string Sources { get; set; } = "";
}

/// <summary>
/// Data a law requires to keep (such as the Bookkeeping Act § 13), which an erasure must leave in place,
/// restricted, until the hold ends; then it is deleted automatically.
/// </summary>
internal sealed class SubjectHold
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>The retention rule of the privacy model that imposes the hold.</summary>
    [NotPersonal] public string Rule { get; set; } = "";
    [NotPersonal] public string Reason { get; set; } = "";
    [NotPersonal] public DateOnly Until { get; set; }
    [NotPersonal] public string PlacedBy { get; set; } = "";
    [NotPersonal] public DateTime PlacedAt { get; set; }
    /// <summary>Set when an erasure was asked for during the hold: erase as soon as it ends.</summary>
    [NotPersonal] public bool EraseWhenReleased { get; set; }
    [NotPersonal] public DateTime? ReleasedAt { get; set; }
}


internal sealed class RightsRequestConfiguration : IEntityTypeConfiguration<RightsRequest>
{
    public void Configure(EntityTypeBuilder<RightsRequest> builder)
    {
        builder.Property(r => r.Type).HasConversion<WireNameConverter<RightsRequestType>>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<WireNameConverter<RightsRequestStatus>>().HasMaxLength(32);
        builder.Property(r => r.Channel).HasConversion<WireNameConverter<RequestChannel>>().HasMaxLength(16);
        // Requests received before languages were kept were all answered in English.
        builder.Property(r => r.Language).HasMaxLength(8).HasDefaultValue(Languages.Default);
        builder.HasIndex(r => r.VerificationHash);
        builder.HasIndex(r => r.DueDate);
        builder.HasIndex(r => r.SubjectId);
        builder.Property(r => r.LoggedBy).HasMaxLength(256);
        builder.Property(r => r.ExtensionReason).HasMaxLength(1000);
        builder.Property(r => r.RefusalReason).HasMaxLength(2000);
        builder.Property(r => r.Outcome).HasMaxLength(4000);
        builder.Ignore(r => r.EffectiveDueDate);
    }
}

internal sealed class RequestMessageConfiguration : IEntityTypeConfiguration<RequestMessage>
{
    public void Configure(EntityTypeBuilder<RequestMessage> builder)
    {
        builder.Property(m => m.Kind).HasConversion<WireNameConverter<RequestMessageKind>>().HasMaxLength(32);
        builder.Property(m => m.Subject).HasMaxLength(200);
        builder.HasIndex(m => m.RequestId);
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestSourceResultConfiguration : IEntityTypeConfiguration<RequestSourceResult>
{
    public void Configure(EntityTypeBuilder<RequestSourceResult> builder)
    {
        builder.Property(r => r.Source).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<WireNameConverter<SourceStatus>>().HasMaxLength(16);
        builder.Property(r => r.Detail).HasMaxLength(1000);
        builder.HasIndex(r => new { r.RequestId, r.Source }).IsUnique();
        builder.HasIndex(r => r.NextAttemptAt);
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccessPackageConfiguration : IEntityTypeConfiguration<AccessPackage>
{
    public void Configure(EntityTypeBuilder<AccessPackage> builder)
    {
        builder.Property(p => p.TokenHash).HasMaxLength(32);
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.HasIndex(p => p.SubjectId);
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ErasureLedgerEntryConfiguration : IEntityTypeConfiguration<ErasureLedgerEntry>
{
    public void Configure(EntityTypeBuilder<ErasureLedgerEntry> builder)
    {
        builder.Property(e => e.Sources).HasMaxLength(1000);
        builder.HasIndex(e => e.SubjectId);
    }
}

internal sealed class SubjectHoldConfiguration : IEntityTypeConfiguration<SubjectHold>
{
    public void Configure(EntityTypeBuilder<SubjectHold> builder)
    {
        builder.Property(h => h.Rule).HasMaxLength(64);
        builder.Property(h => h.Reason).HasMaxLength(500);
        builder.Property(h => h.PlacedBy).HasMaxLength(256);
        builder.HasIndex(h => h.SubjectId);
        builder.HasIndex(h => h.Until);
        // The holds in force per rule: the Retention page's count, and the holds each run places from the definition.
        builder.HasIndex(h => new { h.Rule, h.ReleasedAt });
    }
}
