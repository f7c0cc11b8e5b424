using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>Finds a visitor's decisions by the keyed hash of the visitor id, never by scanning ids.</summary>
internal static class ConsentLookup
{
    public const string Kind = "consent-visitor";

    public static async Task<List<ConsentRecord>> ByVisitorAsync(AppDb db, LookupHasher hasher, string visitorId, CancellationToken ct)
    {
        var lookup = await hasher.HashIdentifierAsync(Kind, visitorId, ct);
        return await db.ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorLookup == lookup)
            .OrderByDescending(r => r.Sequence)
            .Take(200)
            .ToListAsync(ct);
    }
}
