using Vern.Infrastructure.Email;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>One recipient queued for a campaign: a subscriber (a newsletter issue) or a person in the vault (a notice).</summary>
internal readonly record struct CampaignRecipient(Guid? SubscriberId, Guid? SubjectId);

/// <summary>What one queued message becomes as its slice goes: the e-mail, or why it is not sent.</summary>
internal sealed record AddressedMessage(OutgoingEmail? Email, string? Refusal);

/// <summary>
/// Who a kind of campaign goes to: the recipients queued when it starts, and, as each slice of the queue is about to go,
/// who of them may still be sent it and in which words. <see cref="CampaignSending"/> does the rest (the lease, the
/// at-most-once marks, the pace, retries) alike for every kind.
/// </summary>
internal interface ICampaignAudience
{
    CampaignKind Kind { get; }

    /// <summary>The recipients at the moment the campaign starts.</summary>
    Task<IReadOnlyList<CampaignRecipient>> RecipientsAsync(Campaign campaign, CancellationToken ct);

    /// <summary>For every message of the slice (by its id): the e-mail to send it as, or why it may no longer go.</summary>
    Task<IReadOnlyDictionary<Guid, AddressedMessage>> AddressAsync(Campaign campaign, IReadOnlyList<CampaignMessage> slice, CancellationToken ct);

    /// <summary>The SMTP server refused the recipient's address for good.</summary>
    Task RefusedAsync(CampaignMessage message, CancellationToken ct);
}
