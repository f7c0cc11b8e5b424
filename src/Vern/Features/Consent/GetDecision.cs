using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Consent;

/// <summary>
/// A stored decision, for the banner's preference centre and for anyone holding its id (a random
/// UUIDv7 handed only to the visitor). It shows what the ledger holds, no IP address or user agent, and names
/// the visitor by the receipt's pseudonym: the visitor id is a credential and never leaves in an answer.
/// Its receipt is the compact one the decision's 201 carried; the full receipt has its own route.
/// </summary>
internal static class GetDecision
{
    public static async Task<Results<Ok<DecisionView>, ProblemHttpResult>> Handle(Guid id, AppDb db, CancellationToken ct)
    {
        var record = await db.ConsentRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such decision", detail: $"No decision with id {id} is recorded.");
        var categories = JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Categories)!;
        var services = JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Services)!;
        var receipt = (await ConsentLog.ReceiptAsync(db, record, ct))?.Compact;
        return TypedResults.Ok(new DecisionView(
            record.Id, record.Sequence, record.RecordedAt, ConsentReceipt.PrincipalId(record), record.Revision, record.Language, record.Action,
            categories, services, record.Gpc, record.TextHash, record.PolicyVersion, record.PreviousHash, record.Hash, receipt));
    }
}

internal sealed record DecisionView(
    Guid Id, long Sequence, DateTime RecordedAt, string PrincipalId, int Revision, string Language, ConsentAction Action,
    Dictionary<string, bool> Categories, Dictionary<string, bool> Services, bool Gpc, string TextHash, int? PolicyVersion,
    string PreviousHash, string Hash, string? Receipt);
