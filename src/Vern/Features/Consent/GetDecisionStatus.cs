using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Consent;

/// <summary>
/// Whether a stored decision is still the visitor's latest. Vern may record a later one for the visitor
/// without their browser (a withdrawal or an objection asked for by e-mail or on the privacy centre);
/// the banner asks before applying its stored choice, so the withdrawal reaches the browser on its next
/// page view instead of never. Only the random decision id travels; the answer is one word.
/// </summary>
internal static class GetDecisionStatus
{
    public static async Task<IResult> Handle(Guid id, HttpResponse response, AppDb db, CancellationToken ct)
    {
        // A withdrawal must show on the very next page view, so no cache may answer for the ledger.
        response.Headers.CacheControl = "no-store";
        // One round trip: every page view of every visitor with a stored choice asks this.
        var record = await db.ConsentRecords.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { Superseded = db.ConsentRecords.Any(later => later.VisitorLookup == r.VisitorLookup && later.Sequence > r.Sequence) })
            .FirstOrDefaultAsync(ct);
        if (record is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such decision", detail: $"No decision with id {id} is recorded.");
        return TypedResults.Ok(new DecisionStatus(!record.Superseded));
    }
}

/// <param name="Current">False once a later decision was recorded for the same visitor: the banner asks again.</param>
internal sealed record DecisionStatus(bool Current);
