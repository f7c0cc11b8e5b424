using System.Buffers.Text;
using System.Security.Cryptography;
using MimeKit;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Texts;

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
    /// <param name="language">A supported language; anything else is answered in the default one.</param>
    /// <param name="findPerson">
    /// False for the public form and API: the address goes to a requester of the request's own, found
    /// by nothing, and whether it belongs to a known person is decided only once its owner confirms
    /// (<see cref="Requesters.IdentifyAsync"/>). So every request does the same work and writes the same
    /// rows whether or not the address is known, and tells neither the caller nor the database reader.
    /// Staff logging a letter they hold find the person at once.
    /// </param>
    public static async Task<RightsRequest> OpenAsync(
        AppDb db, SubjectVault vault, TimeProvider time, RightsRequestType type, string email, string? details, DateTimeOffset receivedAt, string? language, bool findPerson, CancellationToken ct)
    {
        var subjectId = (findPerson ? await vault.FindByEmailAsync(email, ct) : null)
            ?? (await vault.AddAsync(new PersonalDetails(email), findable: findPerson, ct)).Id;
        var request = new RightsRequest
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Type = type,
            SubjectId = subjectId,
            ReceivedAt = receivedAt.UtcDateTime,
            DueDate = Deadlines.DueDate(receivedAt),
            Language = Languages.OrDefault(language),
        };
        if (!string.IsNullOrWhiteSpace(details))
            request.Details = await vault.SealAsync(subjectId, "request-details", details.Trim(), ct);
        db.RightsRequests.Add(request);
        return request;
    }

    /// <summary>
    /// Gives the request a fresh single-use token and e-mails the link, signed by the controller of the
    /// definition in force so the person knows who asks; only the token's hash is kept. The caller saves, after the request itself was saved, so a failed send leaves a
    /// request staff can see rather than none.
    /// </summary>
    public static async Task SendVerificationAsync(AppDb db, MailOutbox outbox, TimeProvider time, RightsRequest request, string email, Uri site, Controller controller, CancellationToken ct)
    {
        var token = RandomNumberGenerator.GetBytes(32);
        request.VerificationHash = SHA256.HashData(token);
        request.VerificationExpiresAt = (time.GetUtcNow() + LinkLifetime).UtcDateTime;
        var link = new Uri(site, $"/privacy/requests/verify?token={Base64Url.EncodeToString(token)}{LanguageQuery(request)}");
        var texts = Text<VerificationTexts>.In(request.Language);
        var right = RequestWords.Right(request.Type, request.Language);
        var due = RequestWords.Date(request.DueDate, request.Language);
        var body = new MailBody().Paragraphs(texts.Text, right, new MailLink(link.ToString(), texts.Confirm), due, controller.Name, MailLink.ToMailbox(controller.Email));
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Verification, await body.ToEmailAsync(email, texts.Subject, request.Language), ct);
    }

    /// <summary>Links in a request's e-mails open the privacy centre in the request's language, whatever the browser prefers.</summary>
    public static string LanguageQuery(RightsRequest request) => request.Language == Languages.Default ? "" : "&lang=" + request.Language;
}
