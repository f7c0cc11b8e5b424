using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
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
/// </summary>
internal sealed class SubjectRetention(AppDb db, SubjectVault vault, TimeProvider time) : IRetentionSource
{
    public string Name => "subjects";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Collection, RetentionTrigger.LastActivity, RetentionTrigger.Unsubscribed];

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) => Due(scope).Take(limit).CountAsync(ct);

    public async Task<int> DisposeAsync(RetentionScope scope, int batch, CancellationToken ct)
    {
        var due = await Due(scope).OrderBy(s => s.Id).Select(s => new { s.Id, s.SubjectId }).Take(batch).ToListAsync(ct);
        if (due.Count == 0)
            return 0;
        var ids = due.Select(d => d.Id).ToList();
        await db.Submissions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        // The batch's people together, in a few queries: one by one, each cost a dozen round trips inside the batch's transaction.
        var people = due.Select(d => d.SubjectId).Distinct().ToList();
        var forgotten = await Requesters.HoldingNothingAsync(db, people, exceptRequest: null, OsloCalendar.Today(time), ct, countIdentifiers: false);
        if (forgotten.Count > 0)
            await ErasedSubjects.ClearAsync(db, vault, forgotten, ct);
        foreach (var subjectId in people.Where(forgotten.Contains))
        {
            db.ErasureLedger.Add(new ErasureLedgerEntry { SubjectId = subjectId, ErasedAt = now, Sources = $"retention:{scope.Rule.Id}" });
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "subject.forgotten", subjectId, details: $"retention: {scope.Rule.Id}"));
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private IQueryable<Submission> Due(RetentionScope scope)
    {
        var before = scope.ClockStartedBefore;
        var today = OsloCalendar.Today(time);
        var purposes = scope.Purposes.ToList();
        // A hold keeps the person through its last day, whether or not the job that releases holds has run.
        var waiting = db.Subjects.Where(p => p.RestrictedAt != null).Select(p => p.Id)
            .Concat(db.SubjectHolds.Where(h => h.ReleasedAt == null && h.Until >= today).Select(h => h.SubjectId))
            .Concat(db.RightsRequests.Where(r => r.ClosedAt == null).Select(r => r.SubjectId));
        var inScope = db.Submissions.Where(s => purposes.Contains(s.Purpose) && !waiting.Contains(s.SubjectId));
        return scope.Trigger switch
        {
            RetentionTrigger.Collection => inScope.Where(s => s.SubmittedAt < before),
            RetentionTrigger.LastActivity => inScope.Where(s => !db.Submissions.Any(o => o.SubjectId == s.SubjectId && o.SubmittedAt >= before)),
            RetentionTrigger.Unsubscribed => inScope.Where(s => db.Subjects.Any(p => p.Id == s.SubjectId && p.MarketingObjectionAt < before)),
            _ => inScope.Where(_ => false),
        };
    }
}
