using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Rights;

/// <summary>Confirms a request through the single-use link; expired, used or unknown links all fail alike.</summary>
internal static class VerifyRightsRequest
{
    public static async Task<RightsRequest?> Handle(AppDb db, TimeProvider time, string? token, CancellationToken ct)
    {
        var bytes = Decode(token);
        if (bytes is null)
            return null;
        var hash = SHA256.HashData(bytes);
        var request = await db.RightsRequests.FirstOrDefaultAsync(r => r.VerificationHash == hash, ct);
        // The lookup is by hash, so timing reveals nothing about the token; compare once more in constant time anyway.
        if (request is null || request.VerificationHash is null || !CryptographicOperations.FixedTimeEquals(request.VerificationHash, hash))
            return null;
        if (request.VerificationExpiresAt < time.GetUtcNow().UtcDateTime)
            return null;
        request.VerificationHash = null;
        request.VerifiedAt = time.GetUtcNow().UtcDateTime;
        request.Status = RightsRequestStatus.Verified;
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "rights-request.verified", request.SubjectId, details: $"{request.Type} {request.Id}"));
        await db.SaveChangesAsync(ct);
        return request;
    }

    private static byte[]? Decode(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > 64 || !Base64Url.IsValid(token) ? null : Base64Url.DecodeFromChars(token);
}
