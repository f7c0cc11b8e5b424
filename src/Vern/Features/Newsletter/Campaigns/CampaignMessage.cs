using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>Where one recipient's message of a campaign stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
internal enum DeliveryStatus
{
    /// <summary>Waiting its turn, or a retry after a temporary failure.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    /// <summary>Being handed to the SMTP server now. Found so after a crash, it is never sent again (see <see cref="Uncertain"/>).</summary>
    [JsonStringEnumMemberName("sending")] Sending,
    /// <summary>Taken by the SMTP server.</summary>
    [JsonStringEnumMemberName("sent")] Sent,
    /// <summary>Refused for good by the server, or still failing after the last retry.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Not sent: the person may no longer be sent it (unsubscribed, objected, restricted, erased, undeliverable).</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
    /// <summary>
    /// The sending server stopped while handing it over: it may or may not have reached the SMTP server. Not sent again,
    /// so that nobody gets a message twice.
    /// </summary>
    [JsonStringEnumMemberName("uncertain")] Uncertain,
}

/// <summary>
/// One recipient's message of a campaign: the durable queue the sender works through. Deleting the subscription (an
/// erasure, the retention rule), or erasing a notice's recipient, leaves the row without them, so the campaign's
/// figures stay and name no one.
/// </summary>
internal sealed class CampaignMessage
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CampaignId { get; set; }
    [NotPersonal] public Guid? SubscriberId { get; set; }
    /// <summary>
    /// A notice's recipient, who need not be a subscriber; cleared when they are erased (<see cref="Policies.Notices.NoticesSource"/>).
    /// No foreign key: on SQLite adding one rebuilds the table outside a transaction.
    /// </summary>
    [NotPersonal] public Guid? SubjectId { get; set; }
    [NotPersonal] public DeliveryStatus Status { get; set; }
    [NotPersonal] public int Attempts { get; set; }
    [NotPersonal] public DateTime NextAttemptAt { get; set; }
    [NotPersonal] public DateTime? SentAt { get; set; }
    /// <summary>The Message-ID it was sent with, which the SMTP server's logs and a bounce name.</summary>
    [NotPersonal] public string? MessageId { get; set; }
    /// <summary>Why it was skipped or failed, in words that name no one (a refusal, an SMTP status).</summary>
    [NotPersonal] public string? Reason { get; set; }
}

internal sealed class CampaignMessageConfiguration : IEntityTypeConfiguration<CampaignMessage>
{
    public void Configure(EntityTypeBuilder<CampaignMessage> builder)
    {
        builder.Property(m => m.Status).HasConversion<WireNameConverter<DeliveryStatus>>().HasMaxLength(16);
        builder.Property(m => m.MessageId).HasMaxLength(128);
        builder.Property(m => m.Reason).HasMaxLength(256);
        builder.HasIndex(m => new { m.CampaignId, m.SubscriberId }).IsUnique();
        // The sender takes the next due messages of its campaign in order: walked in Id order, not sorted from all the
        // queued ones per batch, which made a 100,000-message campaign quadratic.
        builder.HasIndex(m => new { m.CampaignId, m.Status, m.Id });
        builder.HasIndex(m => m.SubscriberId);
        builder.HasIndex(m => m.SubjectId);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Subscriber>().WithMany().HasForeignKey(m => m.SubscriberId).OnDelete(DeleteBehavior.SetNull);
    }
}
