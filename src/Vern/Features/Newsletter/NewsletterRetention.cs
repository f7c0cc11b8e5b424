using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter's part of the retention contract: a subscription that ended (unsubscribed, or a sign-up whose link
/// expired unconfirmed) is deleted under the newsletter purpose's rule, counted from when it ended; a person who agreed
/// to be kept longer (ADR 35) is kept by the rule's <c>keepLonger</c> period more. The address's suppression hash
/// stays: it names no one, and keeps the address from being added back without a new confirmation. A person left with
/// nothing else is then forgotten, as the form submissions' rule forgets them. A person with an open request, a hold
/// or a restriction waits.
/// </summary>
internal sealed class NewsletterRetention(AppDb db, SubjectVault vault, TimeProvider time) : IRetentionSource
{
    public string Name => "newsletter";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Unsubscribed];

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) => Due(scope).Take(limit).CountAsync(ct);

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        // Found before the write begins (RetentionBatch) and found again inside it: a new sign-up or a request may have come in between.
        var found = await Due(scope).OrderBy(s => s.Id).Select(s => s.Id).Take(batch.Size).ToListAsync(ct);
        if (found.Count == 0)
            return 0;
        await batch.BeginWriteAsync(ct);
        var due = await Due(scope).Where(s => found.Contains(s.Id)).Select(s => new { s.Id, s.SubjectId, s.Status }).ToListAsync(ct);
        if (due.Count == 0)
            return 0;
        var ids = due.Select(d => d.Id).ToList();
        await db.Subscribers.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
        foreach (var subscriber in due)
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "newsletter.deleted", subscriber.SubjectId, details: $"retention: {scope.Rule.Id} ({subscriber.Status.ToWire()})"));
        var people = due.Select(d => d.SubjectId).Distinct().ToList();
        await RetentionConsents.EndSpentAsync(db, time, scope, people, ct);
        await ErasedSubjects.ForgetLeftWithNothingAsync(db, vault, time, people, scope.Rule.Id, ct);
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>
    /// The ended subscriptions due today: every one whose clock started before the scope's day, except those of a person
    /// whose consent to keep longer stands, which are due once the extended period has passed too.
    /// </summary>
    private IQueryable<Subscriber> Due(RetentionScope scope)
    {
        if (!scope.Purposes.Contains(NewsletterConsent.Purpose))
            return db.Subscribers.Where(_ => false);
        var due = DueUnderRule(scope.ClockStartedBefore);
        if (!RetentionConsents.TryExtend(scope, OsloCalendar.Today(time), out var extended))
            return due;
        var consenting = RetentionConsents.StandingFor(db, scope.Rule);
        var dueEvenSo = DueUnderRule(extended.ClockStartedBefore).Where(s => consenting.Contains(s.SubjectId)).Select(s => s.Id);
        return due.Where(s => !consenting.Contains(s.SubjectId) || dueEvenSo.Contains(s.Id));
    }

    private IQueryable<Subscriber> DueUnderRule(DateTime before)
    {
        var today = OsloCalendar.Today(time);
        return db.Subscribers.Where(Subscriber.EndedBefore(before)).Where(s =>
            !db.Subjects.Any(p => p.Id == s.SubjectId && p.RestrictedAt != null)
            && !db.SubjectHolds.Any(h => h.SubjectId == s.SubjectId && h.ReleasedAt == null && h.Until >= today)
            && !db.RightsRequests.Any(r => r.SubjectId == s.SubjectId && r.ClosedAt == null));
    }
}
