using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Blocks;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Security;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// The one question every feature asks before it uses a person's data for a purpose: may it, under the
/// definition in force and the person's state? Answering a rights request (access, erasure, restriction,
/// objection, rectification) is never asked here: it is what the person asked for, and no state of theirs
/// may stop it. The answer is read fresh each time, so a consent that expires or an objection that
/// arrives between two uses stops the second.
/// </summary>
internal sealed class ProcessingGate(AppDb db, SubjectVault vault, LookupHasher hasher, VisitorIds visitorIds, ModelStore models, TimeProvider time)
{
    /// <param name="subjectId">The person, or null for someone Vern does not know yet (only consent can then refuse).</param>
    /// <param name="purpose">A purpose id of the definition in force.</param>
    /// <param name="browser">
    /// A visitor id Vern issued that the person is using now (a form's consent cookie): its banner choices
    /// count as theirs, alongside those of the browsers already linked to them.
    /// </param>
    public async Task<ProcessingDecision> CheckAsync(Guid? subjectId, string purpose, string? browser, CancellationToken ct)
    {
        var model = models.Current.Model;
        if (model.Purpose(purpose) is not { } defined)
            return ProcessingDecision.Refuse(ProcessingRefusal.PurposeNotDefined);

        if (subjectId is { } id)
        {
            var subject = await States(id).FirstOrDefaultAsync(ct);
            if (StateRefusal(defined, subject, await ErasurePendingAsync(id, ct)) is { } refused)
                return ProcessingDecision.Refuse(refused);
            if (!IsFraudPrevention(defined) && (await BlockedAsync([id], ct)).Count > 0)
                return ProcessingDecision.Refuse(ProcessingRefusal.Blocked);
        }

        if (defined.NeedsConsent)
        {
            var browsers = subjectId is { } known ? await DataSubjects.VisitorIdsAsync(db, vault, known, ct) : [];
            if (browser is not null && visitorIds.IsIssued(browser) && !browsers.Contains(browser))
                browsers.Add(browser);
            var records = await ConsentRecordsAsync(browsers, ct);
            if (ConsentRefusal(model, defined, browsers.SelectMany(b => records[b])) is { } refused)
                return ProcessingDecision.Refuse(refused);
        }
        return ProcessingDecision.Allow;
    }

    /// <summary>
    /// The same question for many people at once, for a purpose whose consent is given by double opt-in and recorded
    /// only under ids of its own (a newsletter subscription's): <paramref name="consentIds"/> gives each person's. The
    /// answers are those <see cref="CheckAsync"/> gives one by one, from a few reads for all of them instead of a few each.
    /// </summary>
    public async Task<Dictionary<Guid, ProcessingDecision>> CheckManyAsync(IReadOnlyDictionary<Guid, string> consentIds, string purpose, CancellationToken ct)
    {
        var model = models.Current.Model;
        var defined = model.Purpose(purpose);
        var category = defined?.ConsentCategory is { } c ? model.ConsentCategories.FirstOrDefault(k => k.Id == c) : null;
        if (defined is null || category is not { DoubleOptIn: true })
            throw new InvalidOperationException($"The purpose {purpose} does not rest on consent given by double opt-in.");
        var ids = consentIds.Keys.ToList();
        var states = await db.Subjects.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, State = new SubjectState(s.ShreddedAt, s.RestrictedAt, s.MarketingObjectionAt, s.CompellingGroundsAt) })
            .ToDictionaryAsync(s => s.Id, s => s.State, ct);
        var erasing = (await db.RightsRequests.Where(r => ids.Contains(r.SubjectId) && r.Type == RightsRequestType.Erasure && r.VerifiedAt != null
            && (r.Status == RightsRequestStatus.Verified || r.Status == RightsRequestStatus.InProgress)).Select(r => r.SubjectId).ToListAsync(ct)).ToHashSet();
        var records = await ConsentRecordsAsync(consentIds.Values, ct);
        var blocked = IsFraudPrevention(defined) ? [] : await BlockedAsync(ids, ct);
        var decisions = new Dictionary<Guid, ProcessingDecision>();
        foreach (var subjectId in ids)
        {
            var refused = StateRefusal(defined, states.GetValueOrDefault(subjectId), erasing.Contains(subjectId))
                ?? (blocked.Contains(subjectId) ? ProcessingRefusal.Blocked : (ProcessingRefusal?)null)
                ?? Refusal(category, records[consentIds[subjectId]]);
            decisions[subjectId] = refused is { } r ? ProcessingDecision.Refuse(r) : ProcessingDecision.Allow;
        }
        return decisions;
    }

    /// <summary>
    /// The question <see cref="CheckAsync"/> answers for a browser and the person a form linked it to, for many
    /// browsers at once (a batch of statistics events): the browsers no person is linked to, nearly all of them, are
    /// answered from two reads for all; a linked one is asked about its person too, one by one.
    /// </summary>
    public async Task<Dictionary<string, ProcessingDecision>> CheckBrowsersAsync(IReadOnlyCollection<string> browsers, string purpose, CancellationToken ct)
    {
        var distinct = browsers.Distinct().ToList();
        var issued = distinct.Where(visitorIds.IsIssued).ToList();
        var linked = await vault.FindByIdentifiersAsync(DataSubjects.VisitorIdKind, issued, ct);
        var decisions = distinct.ToDictionary(b => b, _ => ProcessingDecision.Refuse(ProcessingRefusal.NoConsent));
        foreach (var (browser, subjectId) in linked)
            decisions[browser] = await CheckAsync(subjectId, purpose, browser, ct);
        var alone = issued.Where(b => !linked.ContainsKey(b)).ToList();
        if (alone.Count == 0)
            return decisions;
        var model = models.Current.Model;
        var defined = model.Purpose(purpose);
        // The consent records are read only when the purpose rests on consent, as CheckAsync reads them.
        var records = defined is { NeedsConsent: true } ? await ConsentRecordsAsync(alone, ct) : null;
        foreach (var browser in alone)
            decisions[browser] = defined is null ? ProcessingDecision.Refuse(ProcessingRefusal.PurposeNotDefined)
                : records is not null && ConsentRefusal(model, defined, records[browser]) is { } refused ? ProcessingDecision.Refuse(refused)
                : ProcessingDecision.Allow;
        return decisions;
    }

    /// <summary>
    /// Refuses a form or API submission from an address or a network a block in force holds, known to the vault or not:
    /// audited, answered no sooner than any submission, and then as if the service were unavailable
    /// (<see cref="ServiceWithheldException"/>). A rights request never asks: a blocked person keeps their rights.
    /// </summary>
    public async Task RefuseIfBlockedAsync(string? email, string? network, long started, CancellationToken ct)
    {
        if (email is null && network is null)
            return;
        var lookup = email is null ? null : await hasher.HashEmailAsync(email, ct);
        var subjectId = email is null ? null : await vault.FindByEmailAsync(email, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var block = await db.Blocks.AsNoTracking().Where(Block.InForceAt(now)).Where(Block.Holds(subjectId, lookup, network))
            .Select(b => new { b.Id, b.SubjectId }).FirstOrDefaultAsync(ct);
        if (block is null)
            return;
        db.AuditEntries.Add(AuditEntry.Create(time, "api", FraudBlocks.AuditPrefix + "refused", subjectId ?? block.SubjectId, details: FraudBlocks.Details(block.Id)));
        await db.SaveChangesAsync(ct);
        await EvenResponseTime.WaitAsync(started, ct);
        throw new ServiceWithheldException();
    }

    /// <summary>The fraud purpose is what a block serves; it goes on for the person it holds.</summary>
    private static bool IsFraudPrevention(Purpose purpose) => purpose.DpvPurpose == FraudBlocks.DpvPurpose;

    /// <summary>Which of these people a block in force holds, by their subject id or their address's keyed hash; one query.</summary>
    private async Task<HashSet<Guid>> BlockedAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var inForce = db.Blocks.Where(Block.InForceAt(time.GetUtcNow().UtcDateTime));
        return [.. await db.Subjects.Where(s => ids.Contains(s.Id)
                && inForce.Any(b => b.SubjectId == s.Id || (s.EmailLookup != null && b.EmailLookup == s.EmailLookup)))
            .Select(s => s.Id).ToListAsync(ct)];
    }

    private sealed record SubjectState(DateTime? ShreddedAt, DateTime? RestrictedAt, DateTime? MarketingObjectionAt, DateTime? CompellingGroundsAt);

    private IQueryable<SubjectState> States(Guid id) =>
        db.Subjects.AsNoTracking().Where(s => s.Id == id).Select(s => new SubjectState(s.ShreddedAt, s.RestrictedAt, s.MarketingObjectionAt, s.CompellingGroundsAt));

    /// <summary>What the person's state refuses for the purpose, whatever they consented to.</summary>
    private static ProcessingRefusal? StateRefusal(Purpose defined, SubjectState? subject, bool erasurePending)
    {
        if (subject is null || subject.ShreddedAt is not null)
            return ProcessingRefusal.Erased;
        if (erasurePending)
            return ProcessingRefusal.ErasurePending;
        if (subject.MarketingObjectionAt is { } objected)
        {
            // Art. 21(3): absolute for direct marketing. Art. 21(1): a legitimate interest goes on only
            // where staff recorded compelling grounds after the objection.
            if (defined.IsDirectMarketing)
                return ProcessingRefusal.ObjectedToDirectMarketing;
            if (defined.LegalBasis == LegalBasis.LegitimateInterests && !(subject.CompellingGroundsAt >= objected))
                return ProcessingRefusal.Objected;
        }
        return subject.RestrictedAt is not null ? ProcessingRefusal.Restricted : null;
    }

    private Task<bool> ErasurePendingAsync(Guid subjectId, CancellationToken ct) =>
        // Verified and not yet answered: what is about to be erased is not used meanwhile. An unverified
        // request proves nothing about who sent it, so it stops nothing.
        db.RightsRequests.AnyAsync(r => r.SubjectId == subjectId && r.Type == RightsRequestType.Erasure && r.VerifiedAt != null
            && (r.Status == RightsRequestStatus.Verified || r.Status == RightsRequestStatus.InProgress), ct);

    /// <summary>
    /// The person's latest choice for the category in any of their browsers (or their newsletter subscription,
    /// which has an id of its own) decides: given and, for a category of the banner, younger than the banner's
    /// <see cref="BannerConfig.MaxAgeDays"/> (after which the banner asks again, and the consent ends, as
    /// <see cref="ConsentRetention"/> counts it), or not. A record that does not name the category says nothing about it.
    /// </summary>
    private ProcessingRefusal? ConsentRefusal(PrivacyModel model, Purpose defined, IEnumerable<ConsentChoice> records)
    {
        if (defined.ConsentCategory is not { } category || model.ConsentCategories.FirstOrDefault(c => c.Id == category) is not { } asked)
            return ProcessingRefusal.NoConsent;
        return asked.Required ? null : Refusal(asked, records);
    }

    /// <summary>The consent records kept under each of these ids (browsers' visitor ids, subscriptions' consent ids), in one read.</summary>
    private async Task<ILookup<string, ConsentChoice>> ConsentRecordsAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var hashed = await hasher.HashIdentifiersAsync(ConsentLookup.Kind, ids, ct);
        var lookups = hashed.Lookups;
        // One array parameter, however many ids: as a list of parameters, EF built and SQLite prepared a statement for
        // every 200 ids, half of the statistics writer's gate (bench/README.md, analytics).
        var records = await db.ConsentRecords.AsNoTracking().Where(r => EF.Parameter(lookups).Contains(r.VisitorLookup))
            .Select(r => new { r.VisitorLookup, r.Sequence, r.RecordedAt, r.Categories }).ToListAsync(ct);
        return records.ToLookup(r => hashed.OwnerOf(r.VisitorLookup), r => new ConsentChoice(r.Sequence, r.RecordedAt, r.Categories));
    }

    private readonly record struct ConsentChoice(long Sequence, DateTime RecordedAt, string Categories);

    /// <summary>What the records say of the category: nothing refused, or why.</summary>
    private ProcessingRefusal? Refusal(ConsentCategory asked, IEnumerable<ConsentChoice> records)
    {
        var choices = records.Select(r => (r.Sequence, r.RecordedAt, Given: Answer(r.Categories, asked.Id))).Where(c => c.Given is not null).ToList();
        if (choices.Count == 0)
            return ProcessingRefusal.NoConsent;
        var latest = choices.MaxBy(c => c.Sequence);
        if (latest.Given != true)
            return choices.Any(c => c.Given == true) ? ProcessingRefusal.ConsentWithdrawn : ProcessingRefusal.NoConsent;
        return !asked.DoubleOptIn && latest.RecordedAt.AddDays(BannerConfig.MaxAgeDays) <= time.GetUtcNow().UtcDateTime ? ProcessingRefusal.ConsentExpired : null;
    }

    private static bool? Answer(string categories, string category) =>
        JsonSerializer.Deserialize<Dictionary<string, bool>>(categories)?.TryGetValue(category, out var given) == true ? given : null;
}
