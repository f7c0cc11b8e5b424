using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Policies.Notices;

namespace Vern.Features.Newsletter;

/// <summary>The newsletter's people for a notice of change: the confirmed subscribers whose address takes mail, in the language they read it in.</summary>
internal sealed class NewsletterContacts(AppDb db) : IContactHolder
{
    public async Task<IReadOnlyDictionary<Guid, string?>> ContactsAsync(IReadOnlyCollection<string> purposes, CancellationToken ct) =>
        !purposes.Contains(NewsletterConsent.Purpose) ? new Dictionary<Guid, string?>()
            : await db.Subscribers.AsNoTracking().Where(s => s.Status == SubscriberStatus.Subscribed && s.UndeliverableAt == null)
                .ToDictionaryAsync(s => s.SubjectId, s => (string?)s.Language, ct);
}
