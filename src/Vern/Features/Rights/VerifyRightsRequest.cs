using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>Confirms a request through the single-use link; expired, used or unknown links all fail alike.</summary>
internal static class VerifyRightsRequest
{
    /// <summary>
    /// Confirms the request and, in the same transaction, moves it to the person the address belongs to
    /// (<see cref="Requesters.IdentifyAsync"/>) with the browser's visitor id they offered, if any. The
    /// fulfilment worker takes up a request once it reads as verified, so it must never see one that
    /// is verified but still on the bare address: both would identify it at once, and the loser either
    /// failed on the requester the other had removed or carried out the request for no one.
    /// </summary>
    public static async Task<RightsRequest?> Handle(AppDb db, SubjectVault vault, TimeProvider time, string? token, string? offeredVisitorId, CancellationToken ct)
    {
        var bytes = Decode(token);
        if (bytes is null)
            return null;
        var hash = SHA256.HashData(bytes);
        var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.VerificationHash == hash, ct);
        // The lookup is by hash, so timing reveals nothing about the token; compare once more in constant time anyway.
        if (request is null || request.VerificationHash is null || !CryptographicOperations.FixedTimeEquals(request.VerificationHash, hash))
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (request.VerificationExpiresAt < now)
            return null;

        // Claimed with one conditional update, in the transaction that writes the audit entry: of two
        // confirmations racing with the same link (a double click, a mail scanner), only one finds the
        // token still there, so the request is verified, audited and fulfilled once.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.RightsRequests
            .Where(r => r.Id == request.Id && r.VerificationHash == hash)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.VerificationHash, (byte[]?)null)
                .SetProperty(r => r.VerifiedAt, now)
                .SetProperty(r => r.Status, RightsRequestStatus.Verified), ct);
        if (claimed == 0)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "rights-request.verified", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));

        request.VerificationHash = null;
        request.VerifiedAt = now;
        request.Status = RightsRequestStatus.Verified;
        // Tracked from here as it now is in the database, so identifying it below is saved.
        db.RightsRequests.Attach(request);
        await Requesters.IdentifyAsync(db, vault, time, request, ct);
        // Only an id this browser holds and no one has yet: a person can offer only their own.
        if (offeredVisitorId is not null && await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, offeredVisitorId, ct) is null)
            await vault.AddIdentifierAsync(request.SubjectId, DataSubjects.VisitorIdKind, offeredVisitorId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return request;
    }

    private static byte[]? Decode(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > 64 || !Base64Url.IsValid(token) ? null : Base64Url.DecodeFromChars(token);
}
