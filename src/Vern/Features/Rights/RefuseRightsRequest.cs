using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 12(5): a manifestly unfounded or excessive request may be refused, with the reason in
/// writing; Art. 12(4): the person must be told they can complain to the supervisory authority and
/// go to court. The authority comes from the privacy definition, so the letter names the right one.
/// </summary>
internal static class RefuseRightsRequest
{
    public const int MaxReason = 2000;

    /// <summary>Returns null when refused, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(
        AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, SupervisoryAuthority authority, Guid requestId, string? reason, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (!RightsRequestStatus.IsOpen(request.Status))
            return $"The request is already closed ({request.Status.ToWire()}).";
        reason = CaseText.Reason(reason, MaxReason, "Give the reason for refusing, in writing: the person is told it.", out var invalid);
        if (reason is null)
            return invalid;
        var email = (await vault.RevealAsync(request.SubjectId, ct))?.Email;
        if (email is null)
            return "The person's address is no longer held (their data was erased), so they cannot be told of a refusal.";

        var now = time.GetUtcNow();
        request.Status = RightsRequestStatus.Refused;
        request.RefusalReason = reason;
        request.ClosedAt = now.UtcDateTime;
        // A link still in the person's inbox must not reopen a refused request.
        request.VerificationHash = null;
        request.Outcome = CaseText.Truncate($"Refused as manifestly unfounded or excessive (GDPR Art. 12(5)): {reason}", 4000);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "rights-request.refused", request.SubjectId, CaseText.Truncate(reason, 500), $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        var received = OsloCalendar.DateOf(request.ReceivedAt);
        var (texts, lang) = (Text<RefusalTexts>.In(request.Language), request.Language);
        var type = RequestWords.Right(request.Type, lang);
        var on = RequestWords.Date(received, lang);
        var complaint = string.IsNullOrWhiteSpace(authority.ComplaintUrl) ? authority.Website : authority.ComplaintUrl;
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Refusal, await new MailBody()
            .Paragraphs(texts.Text, on, type, reason, authority.Name, authority.Address, MailLink.To(authority.Website), MailLink.To(complaint))
            .ToEmailAsync(email, texts.Subject, lang), ct);
        return null;
    }
}
