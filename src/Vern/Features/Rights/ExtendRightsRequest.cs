using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 12(3): up to two further months, when the request is complex or there are many,
/// provided the person is told why within the first month. So an extension after the original due
/// date, or a second one, is refused: it would no longer be lawful.
/// </summary>
internal static class ExtendRightsRequest
{
    public const int MaxReason = 1000;

    /// <summary>Returns null when extended, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(
        AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, Guid requestId, int months, string? reason, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (!RightsRequestStatus.IsOpen(request.Status))
            return $"The request is closed ({request.Status.ToWire()}); it cannot be extended.";
        if (request.ExtendedDueDate is not null)
            return $"The request was already extended, to {request.ExtendedDueDate:yyyy-MM-dd}; the law allows one extension of at most two months.";
        var today = OsloCalendar.Today(time);
        if (today > request.DueDate)
            return $"The original due date, {request.DueDate:yyyy-MM-dd}, has passed: the person must be told of an extension before it.";
        if (months is not (1 or 2))
            return "An extension is one or two months.";
        reason = CaseText.Reason(reason, MaxReason, "Give the reason for the extension: the person is told it.", out var invalid);
        if (reason is null)
            return invalid;
        var email = (await vault.RevealAsync(request.SubjectId, ct))?.Email;
        if (email is null)
            return "The person's address is no longer held (their data was erased), so they cannot be told of an extension.";

        request.ExtendedDueDate = Deadlines.DueDate(new DateTimeOffset(DateTime.SpecifyKind(request.ReceivedAt, DateTimeKind.Utc)), 1 + months);
        request.ExtensionReason = reason;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "rights-request.extended", request.SubjectId, CaseText.Truncate(reason, 500),
            $"{request.Type.ToWire()} {request.Id} from {request.DueDate:yyyy-MM-dd} to {request.ExtendedDueDate:yyyy-MM-dd}", requestId: request.Id));
        var received = OsloCalendar.DateOf(request.ReceivedAt);
        var (texts, lang) = (Text<ExtensionTexts>.In(request.Language), request.Language);
        var type = RequestWords.Right(request.Type, lang);
        var (on, until, instead) = (RequestWords.Date(received, lang), RequestWords.Date(request.ExtendedDueDate.Value, lang), RequestWords.Date(request.DueDate, lang));
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Extension, await new MailBody()
            .Paragraphs(texts.Text, on, type, until, instead, reason).ToEmailAsync(email, texts.Subject, lang), ct);
        return null;
    }
}
