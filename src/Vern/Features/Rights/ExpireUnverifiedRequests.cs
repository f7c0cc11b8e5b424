using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// Closes requests nobody confirmed within <see cref="RightsOptions.UnverifiedExpiry"/> of receipt
/// and tells the address given, so the queue is not left with requests that can never be answered.
/// </summary>
internal static class ExpireUnverifiedRequests
{
    /// <summary>Returns how many requests expired.</summary>
    public static async Task<int> Handle(AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, RightsOptions options, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = (now - options.UnverifiedExpiry).UtcDateTime;
        var outcome = $"Expired: not confirmed within {Text<ExpiryTexts>.In(Languages.English).Describe(options.UnverifiedExpiry)} of receipt.";
        var due = await db.RightsRequests.AsNoTracking()
            .Where(r => r.Status == RightsRequestStatus.AwaitingVerification && r.ReceivedAt <= cutoff)
            .OrderBy(r => r.ReceivedAt)
            .Select(r => r.Id)
            .ToListAsync(ct);
        var expired = 0;
        foreach (var id in due)
        {
            // Claimed with one conditional update, so when several instances share a database only
            // one of them closes the request and e-mails the person.
            var claimed = await db.RightsRequests
                .Where(r => r.Id == id && r.Status == RightsRequestStatus.AwaitingVerification)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RightsRequestStatus.Expired)
                    .SetProperty(r => r.ClosedAt, now.UtcDateTime)
                    .SetProperty(r => r.Outcome, outcome)
                    .SetProperty(r => r.VerificationHash, (byte[]?)null), ct);
            if (claimed == 0)
                continue;
            var request = await db.RightsRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct);
            try
            {
                await NotifyAsync(db, vault, outbox, time, options, request, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // Not told, not expired: give the request back so the next run tries again.
                db.ChangeTracker.Clear();
                await db.RightsRequests.Where(r => r.Id == id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Status, RightsRequestStatus.AwaitingVerification)
                        .SetProperty(r => r.ClosedAt, (DateTime?)null)
                        .SetProperty(r => r.Outcome, (string?)null), CancellationToken.None);
                throw;
            }
            expired++;
        }
        return expired;
    }

    private static async Task NotifyAsync(AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, RightsOptions options, RightsRequest request, CancellationToken ct)
    {
        var email = (await vault.RevealAsync(request.SubjectId, ct))?.Email;
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "rights-request.expired", request.SubjectId,
            details: $"{request.Type.ToWire()} {request.Id}{(email is null ? ", no address left to notify" : "")}", requestId: request.Id));
        if (email is not null)
        {
            var received = OsloCalendar.DateOf(request.ReceivedAt);
            var (texts, lang) = (Text<ExpiryTexts>.In(request.Language), request.Language);
            var type = RequestWords.Right(request.Type, lang);
            var on = RequestWords.Date(received, lang);
            var waited = texts.Describe(options.UnverifiedExpiry);
            await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Expiry, await new MailBody()
                .Paragraphs(texts.Text, on, type, waited).ToEmailAsync(email, texts.Subject, lang), ct);
        }
        // Told first, then forgotten: an address nobody confirmed is not kept beyond its request.
        await Requesters.ForgetIfNothingHeldAsync(db, vault, time, request, ct);
        await db.SaveChangesAsync(ct);
    }
}
