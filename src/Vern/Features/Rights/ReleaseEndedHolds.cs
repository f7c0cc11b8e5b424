using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>
/// Ends holds whose legal period is over. A person who asked for erasure during the hold is erased
/// now, without asking again: the request was answered with the date this would happen.
/// </summary>
internal static class ReleaseEndedHolds
{
    public static async Task<int> HandleAsync(AppDb db, SubjectVault vault, RightsFulfilment fulfilment, IEnumerable<IPersonalDataSource> sources, TimeProvider time, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        var ended = await db.SubjectHolds.AsNoTracking().Where(h => h.ReleasedAt == null && h.Until < today).OrderBy(h => h.Until).Take(100).ToListAsync(ct);
        var erased = 0;
        foreach (var hold in ended)
        {
            // Claimed with a conditional update, so two runs (or two instances) never release one hold
            // twice; in one transaction with the erasure, so a failed erasure leaves the hold to retry.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            if (await db.SubjectHolds.Where(h => h.Id == hold.Id && h.ReleasedAt == null).ExecuteUpdateAsync(u => u.SetProperty(h => h.ReleasedAt, now), ct) == 0)
                continue;
            db.AuditEntries.Add(AuditEntry.Create(time, RightsFulfilment.Actor, "subject-hold.released", hold.SubjectId, details: hold.Rule));
            var stillHeld = await db.SubjectHolds.AnyAsync(h => h.SubjectId == hold.SubjectId && h.Id != hold.Id && h.ReleasedAt == null && h.Until >= today, ct);
            if (hold.EraseWhenReleased && !stillHeld && await DataSubjects.LoadAsync(db, vault, hold.SubjectId, ct) is { } subject)
            {
                var outcomes = new List<Outcome>();
                foreach (var source in sources.Where(s => !s.External))
                {
                    var erasure = await source.EraseAsync(subject, ct);
                    outcomes.Add(new Outcome(source.Name, erasure.Outcome.ToStatus(), erasure.Detail, erasure.KeptUntil));
                }
                await fulfilment.ShredAsync(subject.Id, null, outcomes, ct);
                erased++;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return erased;
    }
}
