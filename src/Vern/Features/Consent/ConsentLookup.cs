using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>Finds a visitor's decisions by the keyed hash of the visitor id, never by scanning ids.</summary>
internal static class ConsentLookup
{
    public const string Kind = "consent-visitor";

    /// <param name="visitor">A visitor id Vern issued, or the pseudonym a receipt names the visitor by (<c>piiPrincipalId</c>).</param>
    public static async Task<List<ConsentRecord>> ByVisitorAsync(AppDb db, LookupHasher hasher, VisitorIds visitorIds, string visitor, CancellationToken ct)
    {
        byte[] lookup;
        if (visitorIds.IsIssued(visitor))
            lookup = await hasher.HashIdentifierAsync(Kind, visitor, ct);
        // Otherwise a receipt's pseudonym, which is the lookup hash itself, so a visitor can show staff their receipt.
        else if (!ConsentReceipt.TryReadPrincipalId(visitor, out lookup))
            return [];
        return await db.ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorLookup == lookup)
            .OrderByDescending(r => r.Sequence)
            .Take(200)
            .ToListAsync(ct);
    }
}
