using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>
/// A hold a privacy officer places by hand, such as for a dispute in court (Art. 17(3)(e)): the person's
/// data is kept, even from retention and erasure, until the end date, and then the hold ends by itself
/// (<see cref="ReleaseEndedHolds"/>). Documented, audited and bounded: a hold without an end is not one.
/// </summary>
internal static class PlaceHold
{
    /// <summary>The rule name staff holds are recorded under, beside the definition's rules.</summary>
    public const string Rule = "staff-hold";
    public const int MaxReason = 500;
    public const int MaxYears = 10;

    /// <summary>Places the hold, or returns what is wrong with it by field.</summary>
    public static async Task<Dictionary<string, string>> HandleAsync(AppDb db, TimeProvider time, string actor, Guid subjectId, string? reason, DateOnly? until, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        var errors = new Dictionary<string, string>();
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            errors["Reason"] = "Give the reason for the hold, such as the case it is for: it is recorded and told to the person if they ask for erasure.";
        else if (reason.Length > MaxReason)
            errors["Reason"] = $"The reason is longer than {MaxReason} characters.";
        if (until is not { } end)
            errors["Until"] = "Give the day the hold ends.";
        else if (end <= today)
            errors["Until"] = "The hold must end after today.";
        else if (end > today.AddYears(MaxYears))
            errors["Until"] = $"A hold may last at most {MaxYears} years; place a new one when it ends if it must go on.";
        if (!await db.Subjects.AnyAsync(s => s.Id == subjectId && s.ShreddedAt == null, ct))
            errors["SubjectId"] = "This person is not held by Vern (unknown or erased).";
        if (errors.Count > 0)
            return errors;

        var now = time.GetUtcNow();
        db.SubjectHolds.Add(new SubjectHold
        {
            Id = Guid.CreateVersion7(now),
            SubjectId = subjectId,
            Rule = Rule,
            Reason = reason!,
            Until = until!.Value,
            PlacedBy = actor,
            PlacedAt = now.UtcDateTime,
        });
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "subject-hold.placed", subjectId, reason, $"{Rule} until {until:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        return errors;
    }
}
