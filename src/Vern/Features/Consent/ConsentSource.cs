using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// The consent ledger's part of the export/erasure contract. Records are found through the visitor
/// ids linked to the person. They are evidence that consent was given or refused (Art. 7(1)), so an
/// erasure withdraws any consent still given and keeps the records, untouched, until the model's
/// retention rule deletes them: deleting them early would also break the hash chain they prove.
/// </summary>
internal sealed class ConsentSource(AppDb db, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, ModelStore models, TimeProvider time) : IPersonalDataSource, ILimitable, IWithdrawable
{
    public string Name => "consent";

    public IReadOnlyList<Type> Covers { get; } = [typeof(ConsentRecord)];

    private static readonly string[] Columns = ["recordedAt", "visitorId", "action", "revision", "language", "categories", "services", "gpc", "policyVersion", "decisionId"];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var visitorId in subject.VisitorIds)
        {
            var lookup = await hasher.HashIdentifierAsync(ConsentLookup.Kind, visitorId, ct);
            var records = await db.ConsentRecords.AsNoTracking()
                .Where(r => r.VisitorLookup == lookup)
                .OrderBy(r => r.Sequence)
                .Select(r => new { r.RecordedAt, r.VisitorId, r.Action, r.Revision, r.Language, r.Categories, r.Services, r.Gpc, r.PolicyVersion, r.Id })
                .ToListAsync(ct);
            rows.AddRange(records.Select(r => (IReadOnlyList<string?>)
            [
                UtcInstants.Format(r.RecordedAt), r.VisitorId, r.Action.ToWire(),
                r.Revision.ToString(CultureInfo.InvariantCulture), r.Language, r.Categories, r.Services,
                r.Gpc ? "true" : "false", r.PolicyVersion?.ToString(CultureInfo.InvariantCulture), r.Id.ToString(),
            ]));
        }
        var t = Text<ConsentSourceTexts>.In(subject.Language);
        return new SourceExport(Name, t.Title, t.Origin, Portable: true, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var held = 0;
        foreach (var visitorId in subject.VisitorIds)
        {
            var lookup = await hasher.HashIdentifierAsync(ConsentLookup.Kind, visitorId, ct);
            held += await db.ConsentRecords.CountAsync(r => r.VisitorLookup == lookup, ct);
        }
        var withdrawn = held == 0 ? 0 : await WithdrawEveryBrowserAsync(subject, ct);
        held += withdrawn;
        var t = Text<ConsentSourceTexts>.In(subject.Language);
        if (held == 0)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld);

        var keptUntil = KeptUntil();
        var withdrawal = withdrawn == 0 ? "" : t.WithdrawnFirst;
        return new SourceErasure(Name, ErasureOutcome.Kept, withdrawal + string.Format(CultureInfo.InvariantCulture, t.Kept, held), keptUntil);
    }

    /// <summary>
    /// A withdraw-consent request: the consent in force under each of the person's visitor ids. Always answers, so a
    /// person whose browser Vern does not know is told where to withdraw what they chose in it.
    /// </summary>
    public async Task<SourceLimit?> WithdrawAllAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<ConsentSourceTexts>.In(subject.Language);
        if (subject.VisitorIds.Count == 0)
            return new SourceLimit(Name, LimitOutcome.NothingHeld, t.NoConsentFound);
        var withdrawn = await WithdrawEveryBrowserAsync(subject, ct);
        return new SourceLimit(Name, LimitOutcome.Done, withdrawn == 0 ? t.NoConsentInForce : string.Format(CultureInfo.InvariantCulture, t.ConsentWithdrawn, withdrawn));
    }

    /// <summary>Withdraws the consent in force under each of the person's visitor ids; returns how many had any.</summary>
    private async Task<int> WithdrawEveryBrowserAsync(DataSubject subject, CancellationToken ct)
    {
        var withdrawn = 0;
        foreach (var visitorId in subject.VisitorIds)
            if (await WithdrawConsent.HandleAsync(db, ledger, catalogue, hasher, time, visitorId, only: null, ct))
                withdrawn++;
        return withdrawn;
    }

    /// <summary>
    /// An objection to direct marketing withdraws the consent given to the banner's categories that serve
    /// it, and leaves the others as the person set them. A restriction changes nothing here: processing
    /// with the person's consent is what Art. 18(2) still allows, and they decide that in the banner.
    /// </summary>
    public async Task<SourceLimit> LimitAsync(DataSubject subject, ProcessingLimit limit, CancellationToken ct)
    {
        var t = Text<ConsentSourceTexts>.In(subject.Language);
        if (limit == ProcessingLimit.RestrictionLifted)
            return new SourceLimit(Name, LimitOutcome.NothingHeld, t.RestrictionLifted);
        if (limit == ProcessingLimit.Restriction)
            return new SourceLimit(Name, LimitOutcome.Done, t.Restricted);

        var model = models.Current.Model;
        var marketing = model.Purposes.Where(p => p.IsDirectMarketing && p.ConsentCategory is not null)
            .Select(p => p.ConsentCategory!).ToHashSet(StringComparer.Ordinal);
        var withdrawn = 0;
        if (marketing.Count > 0)
            foreach (var visitorId in subject.VisitorIds)
                if (await WithdrawConsent.HandleAsync(db, ledger, catalogue, hasher, time, visitorId, marketing, ct))
                    withdrawn++;
        return withdrawn == 0
            ? new SourceLimit(Name, LimitOutcome.NothingHeld, t.NoMarketingConsent)
            : new SourceLimit(Name, LimitOutcome.Done, t.MarketingWithdrawn);
    }

    /// <summary>The consent evidence rule counts from when consent ended, which for an erasure is now.</summary>
    private DateOnly? KeptUntil()
    {
        var model = models.Current.Model;
        var rule = ConsentRetention.RuleIn(model);
        return rule is not null && IsoPeriods.TryAdd(time.GetUtcNow().UtcDateTime, rule.Period, out var until)
            ? OsloCalendar.DateOf(new DateTimeOffset(until, TimeSpan.Zero))
            : null;
    }
}
