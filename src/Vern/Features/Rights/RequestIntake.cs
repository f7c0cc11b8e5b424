using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using MimeKit;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

/// <summary>
/// What every way in shares, whether the person used the form or staff logged a letter: the
/// person is found or added in the vault, what they wrote is sealed with their key, and the due
/// date is counted from the day of receipt.
/// </summary>
internal static class RequestIntake
{
    public const int MaxDetails = 2000;
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 254 && MailboxAddress.TryParse(email.Trim(), out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);

    /// <summary>Adds the request (and the person when new) to <paramref name="db"/>; the caller audits and saves.</summary>
    public static async Task<RightsRequest> OpenAsync(AppDb db, SubjectVault vault, TimeProvider time, string type, string email, string? details, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var subjectId = await vault.FindByEmailAsync(email, ct) ?? (await vault.AddAsync(new PersonalDetails(email), ct)).Id;
        var request = new RightsRequest
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Type = type,
            SubjectId = subjectId,
            ReceivedAt = receivedAt.UtcDateTime,
            DueDate = Deadlines.DueDate(receivedAt),
        };
        if (!string.IsNullOrWhiteSpace(details))
            request.Details = await vault.SealAsync(subjectId, "request-details", details.Trim(), ct);
        db.RightsRequests.Add(request);
        return request;
    }

    /// <summary>
    /// Gives the request a fresh single-use token and e-mails the link; only the token's hash is
    /// kept. The caller saves, after the request itself was saved, so a failed send leaves a
    /// request staff can see rather than none.
    /// </summary>
    public static async Task SendVerificationAsync(AppDb db, Mailer mailer, TimeProvider time, RightsRequest request, string email, Uri site, CancellationToken ct)
    {
        var token = RandomNumberGenerator.GetBytes(32);
        request.VerificationHash = SHA256.HashData(token);
        request.VerificationExpiresAt = (time.GetUtcNow() + LinkLifetime).UtcDateTime;
        var link = new Uri(site, $"/privacy/requests/verify?token={Base64Url.EncodeToString(token)}");
        await RequestMail.SendAsync(db, mailer, time, request, RequestMail.Verification, new OutgoingEmail(email, "Confirm your privacy request",
            $"""
            We received a request to use your right of {TypeName(request)} under the GDPR.

            To confirm that it was you, open this link within 7 days:
            {link}

            If you did not ask for this, ignore this e-mail; nothing will happen.
            We answer within one month of receiving the request, by {request.DueDate:d MMMM yyyy}.
            """,
            $"<p>We received a request to use your right of {WebUtility.HtmlEncode(TypeName(request))} under the GDPR.</p>" +
            $"<p>To confirm that it was you, open this link within 7 days: <a href=\"{WebUtility.HtmlEncode(link.ToString())}\">confirm the request</a>.</p>" +
            "<p>If you did not ask for this, ignore this e-mail; nothing will happen.</p>"), ct);
    }

    /// <summary>The right as people say it: "withdraw consent", not "withdraw-consent".</summary>
    public static string TypeName(RightsRequest request) => request.Type.Replace('-', ' ');
}
