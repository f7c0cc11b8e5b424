using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter;

/// <summary>Where a person stands with the newsletter.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubscriberStatus>))]
internal enum SubscriberStatus
{
    /// <summary>Signed up, not yet confirmed from the e-mail: nothing is sent but the confirmation.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("subscribed")] Subscribed,
    [JsonStringEnumMemberName("unsubscribed")] Unsubscribed,
}

/// <summary>Why staff could ask an imported person to confirm a subscription: the basis recorded with each row of an import.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportBasis>))]
internal enum ImportBasis
{
    /// <summary>The person asked for the newsletter outside Vern (a paper form at an event, another system).</summary>
    [JsonStringEnumMemberName("consent")] Consent,
    /// <summary>The person is a customer, and may be offered news of similar products (markedsføringsloven § 15 third paragraph).</summary>
    [JsonStringEnumMemberName("customer")] Customer,
}

/// <summary>
/// A person's newsletter subscription. The address is the person's, in the vault; the consent is in the ledger, as
/// records of the subscription's own consent id (<see cref="ConsentIdOf"/>), which is linked to the person like a browser
/// is, so the processing gate, access and erasure find it. One subscription per person.
/// </summary>
internal sealed class Subscriber
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
    /// <summary>The keyed hash of the address (the vault's lookup key), which the suppression list holds once they unsubscribe.</summary>
    [Personal("contact-details")] public byte[] EmailLookup { get; set; } = [];
    /// <summary>The language the newsletter and its messages are sent in.</summary>
    [NotPersonal] public string Language { get; set; } = "";
    [NotPersonal] public SubscriberStatus Status { get; set; }
    /// <summary>When the person last asked to subscribe.</summary>
    [NotPersonal] public DateTime AskedAt { get; set; }
    /// <summary>SHA-256 of the confirmation link's token while one is outstanding; cleared when it is used.</summary>
    [NotPersonal] public byte[]? ConfirmationHash { get; set; }
    [NotPersonal] public DateTime? ConfirmationExpiresAt { get; set; }
    [NotPersonal] public DateTime? ConfirmedAt { get; set; }
    /// <summary>The ledger record of the confirmation in force, whose receipt the subscriber's page offers.</summary>
    [NotPersonal] public Guid? ConsentRecordId { get; set; }
    [NotPersonal] public DateTime? UnsubscribedAt { get; set; }
    /// <summary>Set when the SMTP server refused the address for good: no campaign is sent to it until the person confirms anew.</summary>
    [NotPersonal] public DateTime? UndeliverableAt { get; set; }
    /// <summary>For a person added by an import: the basis and source its row gave, and when. They are asked to confirm like anyone who signs up.</summary>
    [NotPersonal] public ImportBasis? ImportBasis { get; set; }
    [NotPersonal] public string? ImportSource { get; set; }
    [NotPersonal] public DateTime? ImportedAt { get; set; }

    /// <summary>
    /// When the subscription ended, the moment the newsletter's retention rule counts from: when the person unsubscribed,
    /// or, for a sign-up never confirmed, when its link expired; the later of the two for an unsubscribed person who
    /// signed up again and let the new link expire. Null while subscribed or while a link is still valid.
    /// </summary>
    public DateTime? EndedAt(DateTime now) =>
        Status == SubscriberStatus.Subscribed || (UnsubscribedAt is null && ConfirmationExpiresAt is null) || ConfirmationExpiresAt > now ? null
        : UnsubscribedAt > ConfirmationExpiresAt || ConfirmationExpiresAt is null ? UnsubscribedAt : ConfirmationExpiresAt;

    /// <summary><see cref="EndedAt"/> before <paramref name="before"/> (and before now), as a query.</summary>
    public static Expression<Func<Subscriber, bool>> EndedBefore(DateTime before) => s =>
        s.Status != SubscriberStatus.Subscribed && (s.UnsubscribedAt != null || s.ConfirmationExpiresAt != null)
        && (s.UnsubscribedAt == null || s.UnsubscribedAt < before) && (s.ConfirmationExpiresAt == null || s.ConfirmationExpiresAt < before);

    /// <summary>The id a subscription's consent is recorded under in the ledger; it names no browser.</summary>
    public static string ConsentIdOf(Guid id) => $"newsletter-{id:N}";
}

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> builder)
    {
        builder.Property(s => s.EmailLookup).HasMaxLength(32);
        builder.Property(s => s.Language).HasMaxLength(8);
        builder.Property(s => s.Status).HasConversion<WireNameConverter<SubscriberStatus>>().HasMaxLength(16);
        builder.Property(s => s.ConfirmationHash).HasMaxLength(32);
        builder.Property(s => s.ImportBasis).HasConversion<WireNameConverter<ImportBasis>>().HasMaxLength(16);
        builder.Property(s => s.ImportSource).HasMaxLength(Import.NewsletterImport.MaxSource);
        builder.HasIndex(s => s.SubjectId).IsUnique();
        builder.HasIndex(s => s.EmailLookup).IsUnique();
        builder.HasIndex(s => s.ConfirmationHash).IsUnique();
        builder.HasOne<Subject>().WithMany().HasForeignKey(s => s.SubjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
