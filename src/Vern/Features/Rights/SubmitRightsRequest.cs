using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using MimeKit;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights;

internal sealed record RightsRequestInput(string? Type, string? Email, string? Details);

/// <summary>
/// Takes in a request and e-mails a single-use link to the address given. The answer is the same
/// whether or not Vern already knows the address, so the form cannot be used to probe who is a customer.
/// </summary>
internal static class SubmitRightsRequest
{
    public const int MaxDetails = 2000;
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    public static Dictionary<string, string[]> Validate(RightsRequestInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Type is null || !RightsRequestTypes.All.Contains(input.Type))
            errors["type"] = [$"The type must be one of: {string.Join(", ", RightsRequestTypes.All)}."];
        if (string.IsNullOrWhiteSpace(input.Email) || input.Email.Length > 254 || !MailboxAddress.TryParse(input.Email.Trim(), out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            errors["email"] = ["Give the e-mail address we should answer, such as name@example.com."];
        if (input.Details is { Length: > MaxDetails })
            errors["details"] = [$"The details must be at most {MaxDetails} characters."];
        return errors;
    }

    public static async Task<RightsRequest> Handle(AppDb db, SubjectVault vault, Mailer mailer, TimeProvider time, RightsRequestInput input, Uri site, CancellationToken ct)
    {
        var email = input.Email!.Trim();
        var now = time.GetUtcNow();
        var subjectId = await vault.FindByEmailAsync(email, ct) ?? (await vault.AddAsync(new PersonalDetails(email), ct)).Id;
        var token = RandomNumberGenerator.GetBytes(32);
        var request = new RightsRequest
        {
            Id = Guid.CreateVersion7(now),
            Type = input.Type!,
            SubjectId = subjectId,
            ReceivedAt = now.UtcDateTime,
            DueDate = Deadlines.DueDate(now),
            VerificationHash = SHA256.HashData(token),
            VerificationExpiresAt = (now + LinkLifetime).UtcDateTime,
        };
        if (!string.IsNullOrWhiteSpace(input.Details))
            request.Details = await vault.SealAsync(subjectId, "request-details", input.Details.Trim(), ct);
        db.RightsRequests.Add(request);
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "rights-request.received", subjectId, details: $"{request.Type} {request.Id}"));
        await db.SaveChangesAsync(ct);

        var link = new Uri(site, $"/privacy/requests/verify?token={Base64Url.EncodeToString(token)}");
        await RequestMail.SendAsync(db, mailer, time, request, RequestMail.Verification, new OutgoingEmail(email, "Confirm your privacy request",
            $"""
            We received a request to use your right of {request.Type.Replace('-', ' ')} under the GDPR.

            To confirm that it was you, open this link within 7 days:
            {link}

            If you did not ask for this, ignore this e-mail; nothing will happen.
            We answer within one month of receiving the request, by {request.DueDate:d MMMM yyyy}.
            """,
            $"<p>We received a request to use your right of {WebUtility.HtmlEncode(request.Type.Replace('-', ' '))} under the GDPR.</p>" +
            $"<p>To confirm that it was you, open this link within 7 days: <a href=\"{WebUtility.HtmlEncode(link.ToString())}\">confirm the request</a>.</p>" +
            "<p>If you did not ask for this, ignore this e-mail; nothing will happen.</p>"), ct);
        await db.SaveChangesAsync(ct);
        return request;
    }
}
