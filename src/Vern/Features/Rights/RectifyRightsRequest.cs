using MimeKit;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// Art. 16: staff correct what the person asked to have corrected (they read the request's details
/// on the audited People page), in the vault and in every external system that can take corrections;
/// then the person is told which details were corrected and where. Values never enter the audit trail.
/// </summary>
internal static class RectifyRightsRequest
{
    /// <summary>Returns null when done, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(
        AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, MailOutbox outbox, PrivacyModel model, TimeProvider time,
        Guid requestId, PersonalDetails input, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (request.Type != RightsRequestType.Rectification || request.Status is not (RightsRequestStatus.Verified or RightsRequestStatus.InProgress))
            return "Only a confirmed rectification request that is still open can be carried out here.";
        var corrections = new PersonalDetails(Clean(input.Email), Clean(input.Name), Clean(input.Phone), Clean(input.Company));
        if (corrections is { Email: null, Name: null, Phone: null, Company: null })
            return "Give at least one corrected detail; leave the others empty.";
        if (corrections.Email is { } email && (email.Length > 254 || !MailboxAddress.TryParse(email, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal)))
            return "The corrected e-mail address is not an address, such as name@example.com.";
        if (corrections.Name is { Length: > 200 } || corrections.Company is { Length: > 200 } || corrections.Phone is { Length: > 40 })
            return "A corrected detail is too long (name and company at most 200 characters, phone at most 40).";

        // External systems find the person by the address they knew, so they are told before the vault changes.
        var subject = await DataSubjects.LoadAsync(db, vault, request.SubjectId, ct, request.Language);
        if (subject is null || !await vault.RectifyAsync(request.SubjectId, corrections, ct))
            return "The person's data is no longer held, so there is nothing to correct.";
        var said = Text<RectificationTexts>.In(request.Language);
        var outcomes = new List<Outcome> { new("subjects", SourceStatus.Done, RequestWords.Format(said.Corrected, said.Fields(corrections))) };
        foreach (var source in sources.OfType<IRectifiable>())
        {
            var result = await source.RectifyAsync(subject, corrections, ct);
            db.RequestSourceResults.Add(new RequestSourceResult
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                RequestId = request.Id,
                Source = result.Source,
                Attempts = 1,
                Status = result.Outcome switch
                {
                    RectificationOutcome.Rectified => SourceStatus.Done,
                    RectificationOutcome.NothingHeld => SourceStatus.NothingHeld,
                    _ => SourceStatus.Failed,
                },
                Detail = result.Detail,
                CompletedAt = time.GetUtcNow().UtcDateTime,
            });
            outcomes.Add(new Outcome(result.Source, result.Outcome == RectificationOutcome.Failed ? SourceStatus.Failed : SourceStatus.Done, result.Detail));
        }

        request.Status = RightsRequestStatus.Completed;
        request.ClosedAt = time.GetUtcNow().UtcDateTime;
        request.Outcome = CompletionNotice.Summary(outcomes);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "subject.rectified", request.SubjectId, details: $"{Text<RectificationTexts>.In(Languages.English).Fields(corrections)} {request.Id}", requestId: request.Id));
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "rights-request.completed", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        RecipientNotices.Add(db, time, request, model, sources.Where(s => s is IRectifiable));
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Completion,
            await CompletionNotice.EmailAsync(corrections.Email ?? subject.Email!, request, outcomes, model), ct);
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
