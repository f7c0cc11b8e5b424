using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Policies.Notices;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>
/// When a notice of change goes to subscribers whose confirmation hashed a wording of the newsletter's consent that the
/// definition no longer has (its purpose or description changed), it asks them to confirm the new one, with a link of its
/// own. Only they are asked; nobody is unsubscribed for not answering, and confirming again records a new confirmation in
/// the ledger, with the new wording's hash.
/// </summary>
internal sealed class NewsletterReconfirmation(AppDb db, ModelStore models, PublicUrl site, TimeProvider time) : INoticeAddition
{
    /// <summary>How long the link works: a notice goes at least the notice period before the change, 30 days by default.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<IReadOnlyDictionary<Guid, NoticeLine>> LinesAsync(IReadOnlyCollection<Guid> subjects, string language, CancellationToken ct)
    {
        var lines = new Dictionary<Guid, NoticeLine>();
        if (NewsletterConsent.Category(models.Current.Model) is not { } category)
            return lines;
        var ids = subjects.ToList();
        var confirmed = await (from s in db.Subscribers
                               join r in db.ConsentRecords on s.ConsentRecordId equals r.Id
                               where ids.Contains(s.SubjectId) && s.Status == SubscriberStatus.Subscribed
                               select new { s.Id, s.SubjectId, s.Language, r.TextHash }).ToListAsync(ct);
        foreach (var subscriber in confirmed.Where(s => s.TextHash != NewsletterConsent.TextHash(category, s.Language)))
        {
            var (token, hash) = SubscriberTokens.NewConfirmation();
            await db.Subscribers.Where(s => s.Id == subscriber.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ConfirmationHash, hash).SetProperty(s => s.ConfirmationExpiresAt, time.GetUtcNow().UtcDateTime + Lifetime), ct);
            lines[subscriber.SubjectId] = new NoticeLine(Text<NewsletterTexts>.In(language).ConfirmAgain, site.Link($"/newsletter/confirm/{token}?lang={language}"));
        }
        return lines;
    }
}
