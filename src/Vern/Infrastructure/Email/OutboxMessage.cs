using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Infrastructure.Email;

/// <summary>
/// An e-mail written in the same transaction as the change it tells the person about, and delivered
/// after it is committed: a change is never saved without its message, nor a message sent for a
/// change that was not saved. Deleted once delivered; what the person was told stays in the case file
/// (<see cref="Features.Rights.RequestMessage"/>). See <see cref="MailOutbox"/>.
/// </summary>
internal sealed class OutboxMessage
{
    /// <summary>Also the local part of the message's Message-ID, so a message sent twice is recognisably one.</summary>
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
    /// <summary>The whole MIME message (address, text, links), sealed with the outbox key.</summary>
    [Personal("contact-details", NoSource = "A message to the person waiting to be sent, deleted once delivered. It is sealed under the outbox key, not the person's, because the one pending at an erasure is the answer to that erasure: it must still be delivered after their key is destroyed.")]
    public byte[] Message { get; set; } = [];
    /// <summary>Until when the process delivering it holds it; after that another one may (<see cref="Jobs.WorkLease"/>).</summary>
    [NotPersonal] public DateTime ClaimedUntil { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder) =>
        builder.HasIndex(m => m.ClaimedUntil);
}
