using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Retention;
using Vern.Features.Rights;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Subjects;

/// <summary>
/// The form submissions' part of the retention contract. A submission is kept under the rule of the
/// purpose it was collected for, counted from when it was sent, from the person's last contact (their
/// newest submission of any purpose) or from when they objected to marketing. A person left with nothing
/// is forgotten as an erasure forgets them: their data key is destroyed, so no backup can bring them back,
/// and the erasure ledger lets a restore replay it. A person with an open request, a hold or a restriction waits.
/// A rule that anonymises keeps only anonymous totals of what it disposes of (<see cref="AnonymousTotals"/>).
/// </summary>
internal sealed class SubjectRetention(AppDb db, SubjectVault vault, TimeProvider time) : IRetentionSource
{
    public string Name => "subjects";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Collection, RetentionTrigger.LastActivity, RetentionTrigger.Unsubscribed];

    public bool Anonymises => true;

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) => Due(scope).Take(limit).CountAsync(ct);

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        var anonymise = scope.Rule.Action == RetentionAction.Anonymise;
        // Found before the write begins, which is where the time goes (RetentionBatch), and found again by id inside it: a hold,
        // a request, a restriction or a new message may have come in between. Should none of them be due any more, the search
        // is made once more inside the write rather than ending the run's work under this rule early.
        var found = await FoundAsync(scope, batch.Size, ct);
        if (found.Count == 0 && !anonymise)
            return 0;
        await batch.BeginWriteAsync(ct);
        var due = found.Count == 0 ? [] : await Due(scope).Where(s => found.Contains(s.Id)).Select(s => new DueSubmission(s.Id, s.SubjectId, s.Purpose, s.Form, s.SubmittedAt)).ToListAsync(ct);
        if (due.Count == 0 && found.Count > 0)
            due = await Due(scope).OrderBy(s => s.Id).Take(batch.Size).Select(s => new DueSubmission(s.Id, s.SubjectId, s.Purpose, s.Form, s.SubmittedAt)).ToListAsync(ct);
        if (due.Count == 0)
        {
            if (anonymise)
            {
                await AnonymousTotals.SuppressSmallGroupsAsync(db, Name, ct);
                await db.SaveChangesAsync(ct);
            }
            return 0;
        }
        // Anonymised, a submission is one more in its purpose's, form's and month's total; the rest goes as a deletion does.
        if (anonymise)
            await AnonymousTotals.AddAsync(db, Name, due.Select(d => (d.Purpose, d.Form, d.SubmittedAt)), ct);
        var ids = due.Select(d => d.Id).ToList();
        await db.Submissions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
        await RetentionConsents.EndSpentAsync(db, time, scope, [.. due.Select(d => d.SubjectId).Distinct()], ct);
        // The batch's people together, in a few queries: one by one, each cost a dozen round trips inside the batch's transaction.
        await ErasedSubjects.ForgetLeftWithNothingAsync(db, vault, time, [.. due.Select(d => d.SubjectId).Distinct()], scope.Rule.Id, ct);
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>
    /// The next batch of what was found due under <paramref name="scope"/>. The search costs about the same for a few records
    /// as for thousands (it reads every submission older than the rule's day), so it finds thousands and hands them out batch by batch.
    /// </summary>
    private async Task<List<Guid>> FoundAsync(RetentionScope scope, int size, CancellationToken ct)
    {
        if (searched?.Scope != scope || searched.Ids.Count == 0)
            searched = new Searched(scope, new Queue<Guid>(await Due(scope).OrderBy(s => s.Id).Select(s => s.Id).Take(SearchAhead).ToListAsync(ct)));
        var next = new List<Guid>(size);
        while (next.Count < size && searched.Ids.TryDequeue(out var id))
            next.Add(id);
        return next;
    }

    private const int SearchAhead = 5_000;
    private Searched? searched;

    private sealed record Searched(RetentionScope Scope, Queue<Guid> Ids);

    public async Task<int> PlaceLegalHoldsAsync(PrivacyModel model, CancellationToken ct)
    {
        var placed = 0;
        foreach (var rule in model.Retention.Where(r => r.LegalHold is not null))
        {
            var purposes = model.Purposes.Where(p => p.Retention == rule.Id).Select(p => p.Id).ToList();
            // Each person's newest record under the rule decides how long the law keeps them.
            var newest = await db.Submissions.AsNoTracking().Where(s => purposes.Contains(s.Purpose))
                .GroupBy(s => s.SubjectId).Select(g => new { SubjectId = g.Key, At = g.Max(s => s.SubmittedAt) }).ToListAsync(ct);
            var held = await db.SubjectHolds.AsNoTracking().Where(h => h.Rule == rule.Id && h.ReleasedAt == null)
                .Select(h => new { h.SubjectId, h.Until }).ToDictionaryAsync(h => h.SubjectId, h => h.Until, ct);
            foreach (var person in newest)
                if (RuleHolds.Until(rule.LegalHold!, person.At) is { } until && (!held.TryGetValue(person.SubjectId, out var current) || current < until)
                    && await RuleHolds.PlaceAsync(db, time, person.SubjectId, rule, until, ct))
                    placed++;
        }
        return placed;
    }

    /// <summary>
    /// What is due today: what the rule disposes of, except the records of a person whose consent to keep longer stands
    /// (ADR 35), which are due when the rule's period and its keepLonger period have both passed.
    /// </summary>
    private IQueryable<Submission> Due(RetentionScope scope)
    {
        var due = DueUnderRule(scope);
        if (!RetentionConsents.TryExtend(scope, OsloCalendar.Today(time), out var extended))
            return due;
        var consenting = RetentionConsents.StandingFor(db, scope.Rule);
        var dueEvenSo = DueUnderRule(extended).Where(s => consenting.Contains(s.SubjectId)).Select(s => s.Id);
        return due.Where(s => !consenting.Contains(s.SubjectId) || dueEvenSo.Contains(s.Id));
    }

    private IQueryable<Submission> DueUnderRule(RetentionScope scope)
    {
        var before = scope.ClockStartedBefore;
        var today = OsloCalendar.Today(time);
        var purposes = scope.Purposes.ToList();
        // A hold keeps the person through its last day, whether or not the job that releases holds has run. Asked per person, by
        // their indexes: as one list of everyone restricted, SQLite read every person to make it, and the
        // recheck of a batch of one took as long as reading them all.
        var inScope = db.Submissions.Where(s => purposes.Contains(s.Purpose)
            && !db.Subjects.Any(p => p.Id == s.SubjectId && p.RestrictedAt != null)
            && !db.SubjectHolds.Any(h => h.SubjectId == s.SubjectId && h.ReleasedAt == null && h.Until >= today)
            && !db.RightsRequests.Any(r => r.SubjectId == s.SubjectId && r.ClosedAt == null));
        return scope.Trigger switch
        {
            RetentionTrigger.Collection => inScope.Where(s => s.SubmittedAt < before),
            // A submission sent since the cutoff is no one's last contact before it: saying so lets the database start from
            // the old submissions (by date) and look up each sender's newer ones, instead of reading every submission.
            RetentionTrigger.LastActivity => inScope.Where(s => s.SubmittedAt < before && !db.Submissions.Any(o => o.SubjectId == s.SubjectId && o.SubmittedAt >= before)),
            // Unsubscribed: they objected to direct marketing, or their newsletter subscription ended (NewsletterRetention
            // deletes the subscription itself under the same rule).
            RetentionTrigger.Unsubscribed => inScope.Where(s => db.Subjects.Where(p => p.MarketingObjectionAt < before).Select(p => p.Id).Contains(s.SubjectId)
                || db.Subscribers.Where(Subscriber.EndedBefore(before)).Select(n => n.SubjectId).Contains(s.SubjectId)),
            _ => inScope.Where(_ => false),
        };
    }

    private sealed record DueSubmission(Guid Id, Guid SubjectId, string Purpose, string Form, DateTime SubmittedAt);
}
