using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 21(1): after an objection, processing on legitimate interests stops unless the controller
/// demonstrates compelling legitimate grounds that override the person's interests, or needs the data for
/// legal claims. A privacy officer records those grounds on the objection's case; the processing gate then
/// lets legitimate-interest purposes go on. Direct marketing never: Art. 21(3) is absolute.
/// </summary>
internal static class RecordCompellingGrounds
{
    public const int MaxGrounds = 2000;

    /// <summary>Returns null when recorded, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(AppDb db, TimeProvider time, Guid requestId, string? grounds, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (request.Type != RightsRequestType.Objection || request.Status != RightsRequestStatus.Completed)
            return "Compelling grounds are recorded on a completed objection request.";
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.Id == request.SubjectId, ct);
        if (subject?.MarketingObjectionAt is null)
            return "The person has no objection on record.";
        grounds = CaseText.Reason(grounds, MaxGrounds, "Give the compelling legitimate grounds that override the person's objection.", out var invalid);
        if (grounds is null)
            return invalid;

        subject.CompellingGroundsAt = time.GetUtcNow().UtcDateTime;
        // The grounds are the evidence the controller must be able to show (Art. 21(1), Art. 5(2)), so they
        // go into the audit trail's chain with the case, not into a column anyone can edit.
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "subject.compelling-grounds", subject.Id, CaseText.Truncate(grounds, 500),
            $"{request.Type.ToWire()} {request.Id}: legitimate-interest processing goes on; direct marketing stays stopped", requestId: request.Id));
        await db.SaveChangesAsync(ct);
        return null;
    }
}
