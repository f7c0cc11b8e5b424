using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter's part of the export/erasure, withdrawal and restriction/objection contracts. An erasure, a
/// withdrawal of every consent and an objection to direct marketing each unsubscribe the person (recorded in the
/// ledger, the address suppressed as a keyed hash); an erasure then deletes the subscription, and only the suppression
/// hash stays, so the address is never added back without a new confirmation. Nothing here saves: the request does.
/// </summary>
internal sealed class NewsletterSource(AppDb db, Subscriptions subscriptions) : IPersonalDataSource, ILimitable, IWithdrawable
{
    public string Name => "newsletter";

    public IReadOnlyList<Type> Covers { get; } = [typeof(Subscriber), typeof(Suppression), typeof(CampaignMessage)];

    // A row per subscription ("subscription", with the basis and source of an import that added it) and per campaign sent
    // to it ("campaign": its name, what became of the message, when).
    private static readonly string[] Columns = ["record", "status", "language", "askedAt", "confirmedAt", "unsubscribedAt", "consentRecordId", "campaign", "sentAt", "importBasis", "importSource"];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<NewsletterSourceTexts>.In(subject.Language);
        var subscriptions = await db.Subscribers.AsNoTracking().Where(s => s.SubjectId == subject.Id).ToListAsync(ct);
        var ids = subscriptions.Select(s => (Guid?)s.Id).ToList();
        var campaigns = await (from m in db.CampaignMessages
                               join c in db.Campaigns on m.CampaignId equals c.Id
                               where ids.Contains(m.SubscriberId)
                               orderby m.Id
                               select new { c.Title, m.Status, m.SentAt }).ToListAsync(ct);
        var rows = subscriptions
            .Select(s => (IReadOnlyList<string?>)["subscription", s.Status.ToWire(), s.Language, Time(s.AskedAt), Time(s.ConfirmedAt), Time(s.UnsubscribedAt), s.ConsentRecordId?.ToString(), null, null, s.ImportBasis?.ToWire(), s.ImportSource])
            .Concat(campaigns.Select(c => (IReadOnlyList<string?>)["campaign", c.Status.ToWire(), null, null, null, null, null, c.Title, Time(c.SentAt)]))
            .ToList();
        return new SourceExport(Name, t.Title, t.Origin, Portable: true, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<NewsletterSourceTexts>.In(subject.Language);
        if ((await subscriptions.EndForAsync(subject.Id, ct)).Subscriber is not { } subscriber)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld);
        db.Subscribers.Remove(subscriber);
        return new SourceErasure(Name, ErasureOutcome.Erased, t.Erased);
    }

    public async Task<SourceLimit?> WithdrawAllAsync(DataSubject subject, CancellationToken ct) =>
        await UnsubscribeAsync(subject, ct) is { } done ? done : null;

    public async Task<SourceLimit> LimitAsync(DataSubject subject, ProcessingLimit limit, CancellationToken ct)
    {
        var t = Text<NewsletterSourceTexts>.In(subject.Language);
        return limit switch
        {
            // Art. 21(3): the newsletter is direct marketing, and an objection ends it for good.
            ProcessingLimit.MarketingObjection => await UnsubscribeAsync(subject, ct) ?? new SourceLimit(Name, LimitOutcome.NothingHeld, t.NothingHeld),
            // Every send asks the processing gate, which refuses a restricted person: nothing to change here.
            ProcessingLimit.Restriction => new SourceLimit(Name, LimitOutcome.Done, t.Restricted),
            _ => new SourceLimit(Name, LimitOutcome.NothingHeld, t.RestrictionLifted),
        };
    }

    /// <summary>What unsubscribing the person did; null when they never signed up.</summary>
    private async Task<SourceLimit?> UnsubscribeAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<NewsletterSourceTexts>.In(subject.Language);
        var (_, was) = await subscriptions.EndForAsync(subject.Id, ct);
        if (was is null)
            return null;
        return was == SubscriberStatus.Unsubscribed
            ? new SourceLimit(Name, LimitOutcome.NothingHeld, t.NotSubscribed)
            : new SourceLimit(Name, LimitOutcome.Done, t.Unsubscribed);
    }

    private static string? Time(DateTime? at) => UtcInstants.Format(at);
}
