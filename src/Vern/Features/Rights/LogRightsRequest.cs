using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

internal sealed record LoggedRequestInput(
    string? Type, string? Email, string? Channel, DateOnly? ReceivedOn, string? Details, bool IdentityVerified, string? VerificationNote, string? Language = null);

/// <summary>
/// Staff log a request that came by e-mail, letter or phone. The month runs from the day it
/// arrived, not the day it was typed in; and the person still confirms by the e-mailed link
/// unless staff already checked who they are and say how.
/// </summary>
internal static class LogRightsRequest
{
    /// <summary>The channels staff log; the web form logs itself.</summary>
    public static readonly IReadOnlyList<RequestChannel> Channels = [RequestChannel.Email, RequestChannel.Letter, RequestChannel.Phone];
    public const int MaxNote = 500;

    /// <summary>A letter found in a drawer after a year is still a request, but more likely a typing error.</summary>
    public const int OldestYears = 1;

    public static Dictionary<string, string> Validate(LoggedRequestInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (!WireNames.TryParse<RightsRequestType>(input.Type, out _))
            errors["Type"] = "Choose the right the person asked to use.";
        if (!RequestIntake.IsEmail(input.Email))
            errors["Email"] = "Give the person's e-mail address, such as name@example.com: the answer and any notices go there.";
        if (!WireNames.TryParse<RequestChannel>(input.Channel, out var channel) || !Channels.Contains(channel))
            errors["Channel"] = "Choose how the request arrived: e-mail, letter or phone.";
        if (input.ReceivedOn is not { } received)
            errors["ReceivedOn"] = "Give the date the request arrived.";
        else if (received > today)
            errors["ReceivedOn"] = "The date of receipt cannot be in the future.";
        else if (received < today.AddYears(-OldestYears))
            errors["ReceivedOn"] = $"The date of receipt is more than {OldestYears} year ago; check the date.";
        if (input.Details is { Length: > RequestIntake.MaxDetails })
            errors["Details"] = $"The details must be at most {RequestIntake.MaxDetails} characters.";
        if (input.Language is not null && !Languages.Supported.Contains(input.Language))
            errors["Language"] = "Choose the language the person wrote in: English or Norwegian.";
        if (input.IdentityVerified && string.IsNullOrWhiteSpace(input.VerificationNote))
            errors["VerificationNote"] = "Say how you verified the person's identity; it is recorded in the audit trail.";
        else if (input.VerificationNote is { Length: > MaxNote })
            errors["VerificationNote"] = $"The note must be at most {MaxNote} characters.";
        return errors;
    }

    public static async Task<RightsRequest> Handle(
        AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, LoggedRequestInput input, string staffId, string staffName, Uri site, Controller controller, CancellationToken ct)
    {
        var email = input.Email!.Trim();
        var receivedAt = OsloCalendar.StartOf(input.ReceivedOn!.Value);
        var request = await RequestIntake.OpenAsync(db, vault, time, WireNames.Parse<RightsRequestType>(input.Type!), email, input.Details, receivedAt, input.Language, findPerson: true, ct);
        request.Channel = WireNames.Parse<RequestChannel>(input.Channel!);
        request.LoggedBy = staffId;
        var details = $"{request.Type.ToWire()} {request.Id} via {request.Channel.ToWire()}, received {input.ReceivedOn:yyyy-MM-dd}";
        db.AuditEntries.Add(AuditEntry.Create(time, staffName, "rights-request.logged", request.SubjectId, details: details, requestId: request.Id));
        if (input.IdentityVerified)
        {
            request.Status = RightsRequestStatus.Verified;
            request.VerifiedAt = time.GetUtcNow().UtcDateTime;
            db.AuditEntries.Add(AuditEntry.Create(time, staffName, "rights-request.verified", request.SubjectId, input.VerificationNote!.Trim(), $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        }
        if (input.IdentityVerified)
            await db.SaveChangesAsync(ct);
        else
            await RequestIntake.SendVerificationAsync(db, outbox, time, request, email, site, controller, ct);
        return request;
    }
}
