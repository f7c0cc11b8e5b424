using Vern.Data;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

/// <summary>
/// Sends a message about a request and records that it was sent (kind and subject line, never the
/// body), so the case file shows everything the person was told and when.
/// </summary>
internal static class RequestMail
{
    /// <summary>
    /// Saves the message with every change the caller has made so far, in one transaction, then
    /// delivers it (<see cref="MailOutbox"/>): the person is told of a change exactly when it happened.
    /// </summary>
    public static async Task SendAsync(AppDb db, MailOutbox outbox, TimeProvider time, RightsRequest request, RequestMessageKind kind, OutgoingEmail email, CancellationToken ct)
    {
        await outbox.AddAsync(email, ct);
        db.RequestMessages.Add(new RequestMessage
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            RequestId = request.Id,
            SentAt = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            Subject = email.Subject.Length > 200 ? email.Subject[..200] : email.Subject,
        });
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
    }
}
