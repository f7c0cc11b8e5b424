using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 18(3): a person who obtained a restriction is told before it is lifted, for instance once
/// the accuracy they contested has been checked. The notice is sent and recorded first; only then is
/// the restriction cleared, so it is never lifted without the person having been told. External systems
/// that were told of the restriction are told it ended; one that cannot be told does not hold the
/// lifting up, and the audit entry names it for staff.
/// </summary>
internal static class LiftRestriction
{
    public const int MaxReason = 2000;

    /// <summary>Returns null when lifted, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(
        AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, MailOutbox outbox, TimeProvider time,
        Guid requestId, string? reason, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (request.Type != RightsRequestType.Restriction || request.Status != RightsRequestStatus.Completed)
            return "Only a completed restriction request can have its restriction lifted.";
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.Id == request.SubjectId, ct);
        if (subject?.RestrictedAt is null)
            return "The person's data is not restricted any more.";
        if (await db.SubjectHolds.AnyAsync(h => h.SubjectId == subject.Id && h.ReleasedAt == null && h.EraseWhenReleased, ct))
            return "The data is restricted because an erasure waits for a legal hold to end; it stays restricted until then.";
        reason = CaseText.Reason(reason, MaxReason, "Give the reason for lifting the restriction: the person is told it.", out var invalid);
        if (reason is null)
            return invalid;
        var person = await DataSubjects.LoadAsync(db, vault, subject.Id, ct, request.Language);
        if (person?.Email is not { } email)
            return "The person's address is no longer held, so they cannot be told before the restriction is lifted.";

        var texts = Text<LiftTexts>.In(request.Language);
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.RestrictionLifted, await new MailBody()
            .Paragraphs(texts.Text, request.Id, reason).ToEmailAsync(email, texts.Subject, request.Language), ct);

        subject.RestrictedAt = null;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "subject.restriction-lifted", subject.Id, CaseText.Truncate(reason, 500), $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        await db.SaveChangesAsync(ct);

        var told = new List<string>();
        foreach (var source in sources.Where(s => s.External).OfType<ILimitable>())
            told.Add($"{((IPersonalDataSource)source).Name}: {(await source.LimitAsync(person, ProcessingLimit.RestrictionLifted, ct)).Outcome.ToWire()}");
        if (told.Count > 0)
            db.AuditEntries.Add(AuditEntry.Create(time, actor, "restriction-lifted.systems-told", subject.Id,
                details: CaseText.Truncate($"{string.Join("; ", told)} ({request.Type.ToWire()} {request.Id})", 2000), requestId: request.Id));
        await db.SaveChangesAsync(ct);
        return null;
    }
}

/// <summary>The notice before a restriction is lifted (Art. 18(3)). {0} the reference, {1} the reason.</summary>
internal sealed record LiftTexts(string Subject, string Text) : ITexts;
