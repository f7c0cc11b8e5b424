using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// One visitor's recorded decisions, newest first, for the privacy centre's preferences page, which lists
/// them with their receipts. Only the holder of the visitor id, the credential that already lets them record
/// decisions for the browser, may list them; a receipt's pseudonym is not accepted, since receipts are shown
/// to others. The ledger is searched by the keyed lookup hash of the id, never by the id. The id comes in a header, as a
/// credential does: in the path or the query it would be written into every proxy's and server's access log.
/// </summary>
internal static class ListVisitorDecisions
{
    /// <summary>The request header that carries the visitor id.</summary>
    public const string Header = "Vern-Visitor-Id";

    /// <summary>Enough for years of a visitor's choices; the page is a list, not an archive.</summary>
    public const int Limit = 100;

    public static async Task<Results<Ok<VisitorDecisions>, ValidationProblem, ProblemHttpResult>> Handle(
        [FromHeader(Name = Header)] string? visitorId, HttpResponse response, AppDb db, LookupHasher hasher, VisitorIds visitorIds, CancellationToken ct)
    {
        // A later decision must show at once, and the answer is one person's history: no cache keeps it.
        response.Headers.CacheControl = "no-store";
        if (visitorId is null || !VisitorIds.IsWellFormed(visitorId))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [Header] = [$"{Header} must be a visitor id: {VisitorIds.IdLength} characters of base64url."] },
                title: "Not a visitor id.");
        // A forged or foreign id is answered as an unknown one: the caller learns nothing about the key.
        if (!visitorIds.IsIssued(visitorId))
            return NotFound();
        var lookup = await hasher.HashIdentifierAsync(ConsentLookup.Kind, visitorId, ct);
        var records = await db.ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorLookup == lookup)
            .OrderByDescending(r => r.Sequence)
            .Take(Limit)
            .Select(r => new { r.Id, r.RecordedAt, r.Action, r.Categories, r.Revision, r.Language })
            .ToListAsync(ct);
        if (records.Count == 0)
            return NotFound();
        // Stored as UTC, but SQLite gives the kind back as unspecified; the page needs the Z to show local time.
        return TypedResults.Ok(new VisitorDecisions([.. records.Select(r => new VisitorDecision(
            r.Id, DateTime.SpecifyKind(r.RecordedAt, DateTimeKind.Utc), r.Action, JsonSerializer.Deserialize<Dictionary<string, bool>>(r.Categories)!, r.Revision, r.Language))]));
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "No such visitor",
        detail: "No decision is recorded for this visitor id.");
}

/// <param name="Decisions">Newest first, at most <see cref="ListVisitorDecisions.Limit"/>.</param>
internal sealed record VisitorDecisions(IReadOnlyList<VisitorDecision> Decisions);

/// <param name="Categories">Every category of the revision with the answer.</param>
internal sealed record VisitorDecision(Guid Id, DateTime RecordedAt, ConsentAction Action, Dictionary<string, bool> Categories, int Revision, string Language);
