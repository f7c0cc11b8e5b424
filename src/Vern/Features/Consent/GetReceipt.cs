using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Consent;

/// <summary>
/// The full receipt of a decision, for a regulator to verify offline: the leaf's exact bytes, the compact
/// receipt (the inclusion proof to the head of the record's commit), that head as a JWS, and the Kantara
/// v1.1 / ISO/IEC TS 27560 fields for a reader. Anyone holding the decision id may fetch it, as the decision.
/// </summary>
internal static class GetReceipt
{
    public static async Task<Results<Ok<FullReceipt>, ProblemHttpResult>> Handle(Guid id, AppDb db, ConsentCatalogue catalogue, PublicUrl site, CancellationToken ct)
    {
        var record = await db.ConsentRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such decision", detail: $"No decision with id {id} is recorded.");
        if (await ConsentLog.ReceiptAsync(db, record, ct) is not { } receipt)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in the log yet", detail: $"Decision {id} is recorded but not yet in a signed tree head.");
        var snapshot = await catalogue.GetAsync(ct);
        // A revision the catalogue no longer has leaves the reader's fields out; the proof does not need them.
        var consent = snapshot.Revisions.TryGetValue(record.Revision, out var revision)
            ? ConsentReceipt.For(
                record, JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Categories)!,
                JsonSerializer.Deserialize<Dictionary<string, bool>>(record.Services)!, revision.Model, site.Origin)
            : null;
        return TypedResults.Ok(new FullReceipt(ConsentLog.Format, Base64Url.EncodeToString(receipt.Leaf), receipt.Compact, receipt.Head.ToSignedTreeHead().Jws(), consent));
    }
}

/// <summary>Receipt format 1's full receipt.</summary>
internal sealed record FullReceipt(int Format, string Leaf, string Receipt, string Head, KantaraReceipt? Consent);
