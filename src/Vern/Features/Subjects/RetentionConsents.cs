using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Subjects;

/// <summary>
/// Consent to keep longer (ADR 35): given with a submission, it moves the day a person's records under one rule
/// are due by the rule's <c>keepLonger</c> period, while it stands, and ends itself once those records are gone.
/// </summary>
internal static class RetentionConsents
{
    /// <summary>
    /// Whether a submission for <paramref name="purpose"/> may carry <paramref name="rules"/>: only the purpose's own rule,
    /// and only if the definition lets a person agree to have it extended.
    /// </summary>
    public static bool CanExtend(IReadOnlyList<string> rules, Purpose purpose, PrivacyModel model) =>
        model.RetentionRule(purpose.Retention)?.KeepLonger is not null && rules.All(r => r == purpose.Retention);

    /// <summary>Records the consent, unless one for the rule stands already; the caller saves.</summary>
    public static async Task GiveAsync(AppDb db, TimeProvider time, Guid subjectId, RetentionRule rule, int? policyVersion, CancellationToken ct)
    {
        if (rule.KeepLonger is not { } longer || await Standing(db, rule.Id).AnyAsync(s => s == subjectId, ct))
            return;
        var now = time.GetUtcNow();
        db.RetentionConsents.Add(new RetentionConsent { Id = Guid.CreateVersion7(now), SubjectId = subjectId, Rule = rule.Id, Period = longer.Period, GivenAt = now.UtcDateTime, PolicyVersion = policyVersion });
        db.AuditEntries.Add(AuditEntry.Create(time, "api", "retention-consent.given", subjectId, details: $"rule {rule.Id} for {longer.Period}, policy version {policyVersion}"));
    }

    /// <summary>The people whose consent to keep longer under <paramref name="rule"/> stands.</summary>
    public static IQueryable<Guid> Standing(AppDb db, string rule) => Standing(db, rule, period: null);

    /// <summary>
    /// The people whose consent stands for the extra time <paramref name="rule"/> offers now. Whoever agreed to another
    /// period is kept only as the rule says until they agree anew: never longer than they agreed to.
    /// </summary>
    public static IQueryable<Guid> StandingFor(AppDb db, RetentionRule rule)
    {
        var period = rule.KeepLonger?.Period ?? "";
        return Standing(db, rule.Id, period);
    }

    private static IQueryable<Guid> Standing(AppDb db, string rule, string? period) =>
        db.RetentionConsents.Where(c => c.Rule == rule && (period == null || c.Period == period) && c.WithdrawnAt == null && c.EndedAt == null).Select(c => c.SubjectId);

    /// <summary>
    /// The scope of <paramref name="scope"/>'s rule extended by its <c>keepLonger</c> period: a record whose clock started
    /// before its <see cref="RetentionScope.ClockStartedBefore"/> is due today even for a person who agreed to more.
    /// </summary>
    public static bool TryExtend(RetentionScope scope, DateOnly today, out RetentionScope extended)
    {
        extended = scope;
        if (scope.Rule.KeepLonger is not { } longer
            || !IsoPeriods.TrySubtract(today.ToDateTime(TimeOnly.MinValue), longer.Period, out var shifted)
            || !IsoPeriods.TrySubtract(shifted, scope.Rule.Period, out var lastDueDay))
            return false;
        // As the plan counts a rule: due on the day the extended period ends, not a day earlier.
        extended = scope with { ClockStartedBefore = OsloCalendar.StartOf(DateOnly.FromDateTime(lastDueDay).AddDays(1)).UtcDateTime };
        return true;
    }

    /// <summary>
    /// Ends the consents of <paramref name="subjectIds"/> under the scope's rule that have nothing left to keep, so a
    /// consent never outlives the records it kept and extends nothing the person sends later. Not tracked: the person
    /// may be forgotten in the same unit of work.
    /// </summary>
    public static async Task EndSpentAsync(AppDb db, TimeProvider time, RetentionScope scope, IReadOnlyCollection<Guid> subjectIds, CancellationToken ct)
    {
        var purposes = scope.Purposes.ToList();
        var newsletter = purposes.Contains(NewsletterConsent.Purpose);
        var spent = await db.RetentionConsents.AsNoTracking()
            .Where(c => c.Rule == scope.Rule.Id && c.EndedAt == null && subjectIds.Contains(c.SubjectId)
                && !db.Submissions.Any(s => s.SubjectId == c.SubjectId && purposes.Contains(s.Purpose))
                // A newsletter subscription is kept under its purpose's rule too (NewsletterRetention).
                && !(newsletter && db.Subscribers.Any(n => n.SubjectId == c.SubjectId)))
            .Select(c => new { c.Id, c.SubjectId })
            .ToListAsync(ct);
        if (spent.Count == 0)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        var ids = spent.Select(c => c.Id).ToList();
        await db.RetentionConsents.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.EndedAt, now), ct);
        foreach (var consent in spent)
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "retention-consent.ended", consent.SubjectId, details: $"rule {scope.Rule.Id}"));
    }

    /// <summary>Withdraws every consent of the person that stands, or only the one for <paramref name="rule"/>; returns the rules they were given for.</summary>
    public static async Task<IReadOnlyList<string>> WithdrawAllAsync(AppDb db, TimeProvider time, Guid subjectId, CancellationToken ct, string? rule = null)
    {
        var standing = await db.RetentionConsents.Where(c => c.SubjectId == subjectId && c.WithdrawnAt == null && c.EndedAt == null && (rule == null || c.Rule == rule)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var consent in standing)
        {
            consent.WithdrawnAt = now;
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "retention-consent.withdrawn", subjectId, details: $"rule {consent.Rule}"));
        }
        return [.. standing.Select(c => c.Rule).Distinct()];
    }

    /// <summary>
    /// The day a standing consent lets the person's records under <paramref name="rule"/> go at the latest, as far as
    /// it can be told today: null while the rule's clock has not started (a subscriber who has not unsubscribed).
    /// </summary>
    public static async Task<DateOnly?> UntilAsync(AppDb db, TimeProvider time, Guid subjectId, RetentionRule rule, IReadOnlyList<string> purposes, CancellationToken ct)
    {
        if (rule.KeepLonger is not { } longer || !WireNames.TryParse<RetentionTrigger>(rule.StartsAt, out var trigger))
            return null;
        var records = db.Submissions.Where(s => s.SubjectId == subjectId);
        // The moment the rule counts from, as SubjectRetention counts it; the newest record is the last to go.
        var clock = trigger switch
        {
            RetentionTrigger.Collection => await records.Where(s => purposes.Contains(s.Purpose)).MaxAsync(s => (DateTime?)s.SubmittedAt, ct),
            RetentionTrigger.LastActivity => await records.MaxAsync(s => (DateTime?)s.SubmittedAt, ct),
            RetentionTrigger.Unsubscribed => Later(
                await db.Subjects.Where(p => p.Id == subjectId).Select(p => p.MarketingObjectionAt).FirstOrDefaultAsync(ct),
                (await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(n => n.SubjectId == subjectId, ct))?.EndedAt(time.GetUtcNow().UtcDateTime)),
            _ => null,
        };
        if (clock is not { } started)
            return null;
        var day = OsloCalendar.DateOf(started).ToDateTime(TimeOnly.MinValue);
        return IsoPeriods.TryAdd(day, rule.Period, out var kept) && IsoPeriods.TryAdd(kept, longer.Period, out var until)
            ? DateOnly.FromDateTime(until)
            : null;
    }

    private static DateTime? Later(DateTime? a, DateTime? b) => a > b || b is null ? a : b;
}
