using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Rights.Centre;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <param name="Language">en or nb, the language the person is answered in; English when not given.</param>
internal sealed record RightsRequestInput(string? Type, string? Email, string? Details, string? Language = null);

/// <summary>
/// Takes in a request and e-mails a single-use link to the address given. The answer, its timing and
/// the rows written are the same whether or not Vern already knows the address (the address is not
/// even looked up until its owner confirms), so the form cannot be used to probe who is a customer.
/// </summary>
internal static class SubmitRightsRequest
{
    public const int MaxDetails = RequestIntake.MaxDetails;

    public static Dictionary<string, string[]> Validate(RightsRequestInput input)
    {
        // Shown to the person on the request page, so in their language; an unknown language gets the default.
        var t = Text<RequestTexts>.In(input.Language);
        var errors = new Dictionary<string, string[]>();
        if (!WireNames.TryParse<RightsRequestType>(input.Type, out _))
            errors["type"] = [RequestWords.Format(t.TypeInvalid, string.Join(", ", WireNames.All<RightsRequestType>()))];
        if (!RequestIntake.IsEmail(input.Email))
            errors["email"] = [t.EmailInvalid];
        if (input.Details is { Length: > MaxDetails })
            errors["details"] = [RequestWords.Format(t.DetailsTooLong, MaxDetails)];
        if (input.Language is not null && !Languages.Supported.Contains(input.Language))
            errors["language"] = [RequestWords.Format(t.LanguageInvalid, string.Join(", ", Languages.Supported))];
        return errors;
    }

    public static async Task<RightsRequest> Handle(AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, RightsRequestInput input, Uri site, Controller controller, CancellationToken ct)
    {
        var email = input.Email!.Trim();
        var request = await RequestIntake.OpenAsync(db, vault, time, WireNames.Parse<RightsRequestType>(input.Type!), email, input.Details, time.GetUtcNow(), input.Language, findPerson: false, ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "rights-request.received", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        // Saved with its confirmation e-mail, in one transaction.
        await RequestIntake.SendVerificationAsync(db, outbox, time, request, email, site, controller, ct);
        return request;
    }
}
