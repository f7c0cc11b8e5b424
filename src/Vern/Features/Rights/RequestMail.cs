using Vern.Data;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

/// <summary>
/// Sends a message about a request and records that it was sent (kind and subject line, never the
/// body), so the case file shows everything the person was told and when.
/// </summary>
internal static class RequestMail
{
    public const string Verification = "verification";
    public const string Unidentified = "unidentified";
    public const string Extension = "extension";
    public const string Refusal = "refusal";
    public const string Expiry = "expiry";
    public const string Completion = "completion";
    public const string RestrictionLifted = "restriction-lifted";

    /// <summary>Sends first, then adds the record to <paramref name="db"/>; the caller saves.</summary>
    public static async Task SendAsync(AppDb db, Mailer mailer, TimeProvider time, RightsRequest request, string kind, OutgoingEmail email, CancellationToken ct)
    {
        await mailer.SendAsync(email, ct);
        db.RequestMessages.Add(new RequestMessage
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            RequestId = request.Id,
            SentAt = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            Subject = email.Subject.Length > 200 ? email.Subject[..200] : email.Subject,
        });
    }
}
