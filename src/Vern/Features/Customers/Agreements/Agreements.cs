using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Policies;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Agreements;

/// <summary>Why an acceptance link accepts nothing.</summary>
internal enum LinkProblem { Unknown, Used, Expired, Superseded }

/// <summary>What an acceptance link leads to: the version to accept, for which customer, by whom; or why it accepts nothing.</summary>
internal sealed record AcceptanceLink(DpaVersion? Version, Customer? Customer, string? ContactName, LinkProblem? Problem, DateTime? When = null, int? Current = null);

/// <summary>A signed paper copy as staff record it: who signed which version on which day, and the scan.</summary>
internal sealed record PaperCopy(Guid ContactId, int Version, DateOnly? SignedOn, byte[] Scan);

/// <summary>
/// The data processing agreement's versions and their acceptance. The privacy officer drafts a version from Markdown and
/// publishes it; its text is then fixed. Staff send the current version to a customer's contacts, each by a single-use
/// link; a contact who accepts gets a receipt signed with Vern's key (the one in <c>/.well-known/jwks.json</c>), and
/// the customer's acceptance is on record with the hash of the exact text.
/// </summary>
internal sealed class Agreements(AppDb db, ModelStore models, SubjectVault vault, ProcessingGate gate, MailOutbox outbox, DpaReceipts receipts, PublicUrl url, TimeProvider time)
{
    /// <summary>How long an e-mailed link accepts.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(30);

    /// <summary>The newest published version: the one customers are asked to accept.</summary>
    public Task<DpaVersion?> CurrentAsync(CancellationToken ct) => DpaStandings.CurrentAsync(db, ct);

    /// <summary>A new draft from a Markdown document with front matter or a <c># Title</c>; the problems when it cannot be one.</summary>
    public async Task<(DpaVersion? Version, IReadOnlyList<string> Errors)> DraftAsync(string text, string actor, CancellationToken ct)
    {
        var document = PolicyDocument.Parse(text, out var parsed);
        var (language, problems) = document.CheckAsDraft(asked: null);
        IReadOnlyList<string> errors = [.. parsed, .. problems];
        if (errors.Count > 0)
            return (null, errors);
        var version = new DpaVersion
        {
            Number = (await db.DpaVersions.MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1,
            Language = language,
            Title = document.Title,
            Markdown = document.Body,
            Status = PolicyStatus.Draft,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.DpaVersions.Add(version);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "dpa.drafted", details: $"version {version.Number}: {version.Title}"));
        await db.SaveChangesAsync(ct);
        return (version, []);
    }

    /// <summary>The text of a version as a customer reads it: as published, or for a draft as it would be published now.</summary>
    public async Task<string> HtmlAsync(DpaVersion version) =>
        version.Html ?? await PolicyRenderer.ToHtmlAsync(version.Markdown, models.Current.Model, version.Language);

    /// <summary>Publishes a draft: its text is rendered once, fixed, and hashed. Returns the problems, empty when published.</summary>
    public async Task<IReadOnlyList<string>> PublishAsync(int number, string? summary, string actor, CancellationToken ct)
    {
        if (await db.DpaVersions.FirstOrDefaultAsync(v => v.Number == number, ct) is not { } version)
            return ["There is no such version."];
        if (version.Status == PolicyStatus.Published)
            return [$"Version {number} is already published; published versions cannot change."];
        summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        if (summary?.Length > PublishPolicy.MaxText)
            return [$"The summary is at most {PublishPolicy.MaxText} characters."];
        version.Html = await PolicyRenderer.ToHtmlAsync(version.Markdown, models.Current.Model, version.Language);
        version.TextHash = SHA256.HashData(Encoding.UTF8.GetBytes(version.Html));
        version.Status = PolicyStatus.Published;
        version.ChangeSummary = summary;
        version.PublishedAt = time.GetUtcNow().UtcDateTime;
        version.PublishedBy = actor;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "dpa.published", details: $"version {number}, SHA-256 {Convert.ToHexStringLower(version.TextHash)}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// E-mails each of the customer's contacts a link to accept the current version. Returns how many were sent, or
    /// the reason none was: no published version, no contact, or no such customer.
    /// </summary>
    public async Task<(int Sent, string? Problem)> SendAsync(Guid customerId, string actor, CancellationToken ct)
    {
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct) is not { } customer)
            return (0, "There is no such customer.");
        if (customer.DataDeletedAt is not null)
            return (0, "The customer's data was deleted after its licence ended: no agreement is needed any more.");
        if (await CurrentAsync(ct) is not { } version)
            return (0, "No version of the data processing agreement is published yet.");
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => c.SubjectId).ToListAsync(ct);
        var t = Text<AgreementTexts>.In(version.Language);
        var processor = models.Current.Model.Controller.Name;
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        foreach (var subjectId in contacts)
        {
            // A contact who has since objected, asked for restriction or been erased is not written to.
            if ((await gate.CheckAsync(subjectId, CustomerContactsSource.Purpose, browser: null, ct)).Refusal is not null
                || await vault.RevealAsync(subjectId, ct) is not { Email: { } email } person)
                continue;
            var (token, hash) = SubscriberTokens.NewConfirmation();
            var invitation = new DpaInvitation
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                CustomerId = customerId,
                SubjectId = subjectId,
                VersionNumber = version.Number,
                TokenHash = hash,
                SentAt = now,
                SentBy = actor,
                ExpiresAt = now + LinkLifetime,
            };
            db.DpaInvitations.Add(invitation);
            await outbox.AddAsync(new OutgoingEmail(email, Format(t.InviteSubject, version.Number, processor),
                Format(t.InviteBody, person.Name ?? email, processor, customer.Organisation, version.Number, version.Title,
                    invitation.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), url.Link($"/dpa/accept/{token}"))), ct);
            db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.dpa-sent", subjectId, details: $"customer {customerId}, version {version.Number}"));
            sent++;
        }
        if (sent == 0)
            return (0, "The customer has no privacy contact to send it to.");
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return (sent, null);
    }

    /// <summary>What a link leads to. Reading it changes nothing, so a mail scanner that opens links accepts nothing.</summary>
    public async Task<AcceptanceLink> FindAsync(string? token, CancellationToken ct) => (await ResolveAsync(token, tracked: false, ct)).Link;

    /// <summary>
    /// Accepts the version a link names on the customer's behalf: records the acceptance with the hash of the text,
    /// signs its receipt and e-mails it to the contact, in one save. Returns the receipt, or what the link says instead.
    /// </summary>
    public async Task<(AcceptanceLink Link, string? Receipt)> AcceptAsync(string? token, CancellationToken ct)
    {
        var (link, invitation) = await ResolveAsync(token, tracked: true, ct);
        if (link.Problem is not null || invitation is null || await vault.RevealAsync(invitation.SubjectId, ct) is not { Email: { } email } person)
            return (link with { Problem = link.Problem ?? LinkProblem.Unknown }, null);
        var (version, customer) = (link.Version!, link.Customer!);
        var now = time.GetUtcNow();
        var title = await db.CustomerContacts.Where(c => c.CustomerId == customer.Id && c.SubjectId == invitation.SubjectId).Select(c => c.Title).FirstOrDefaultAsync(ct) is { } sealedTitle
            ? await vault.OpenAsync(invitation.SubjectId, nameof(CustomerContact.Title), sealedTitle, ct)
            : null;
        var acceptance = new DpaAcceptance
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customer.Id,
            VersionNumber = version.Number,
            TextHash = version.TextHash!,
            Method = AcceptanceMethod.EmailedLink,
            AcceptedAt = now.UtcDateTime,
            SubjectId = invitation.SubjectId,
        };
        var receipt = receipts.Sign(acceptance, version, customer, new Signatory(person.Name, email, title));
        acceptance.Receipt = await vault.SealAsync(invitation.SubjectId, nameof(DpaAcceptance.Receipt), receipt, ct);
        invitation.UsedAt = now.UtcDateTime;
        db.DpaAcceptances.Add(acceptance);
        var t = Text<AgreementTexts>.In(version.Language);
        await outbox.AddAsync(new OutgoingEmail(email, Format(t.ReceiptSubject, customer.Organisation, version.Number),
            Format(t.ReceiptBody, customer.Organisation, version.Number, models.Current.Model.Controller.Name,
                acceptance.AcceptedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), person.Name ?? email,
                Convert.ToHexStringLower(acceptance.TextHash), url.Link("/.well-known/jwks.json"), receipt)), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.dpa-accepted", invitation.SubjectId,
            details: $"customer {customer.Id}, version {version.Number}, by e-mailed link"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (link with { Problem = LinkProblem.Used }, null);
        }
        await outbox.DeliverAddedAsync(ct);
        return (link, receipt);
    }

    /// <summary>The largest scan of a signed paper copy Vern keeps.</summary>
    public const int MaxPaperBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Records a signed paper copy of a published version: signed by one of the customer's contacts on a date, its scan
    /// sealed with that person's key, and a receipt signed like one for an e-mailed acceptance. Returns the problems per
    /// field, empty when recorded.
    /// </summary>
    public async Task<Dictionary<string, string[]>> RecordPaperAsync(Guid customerId, PaperCopy paper, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var contact = await db.CustomerContacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == paper.ContactId && c.CustomerId == customerId, ct);
        if (contact is null)
            errors["contact"] = ["Choose who signed it from the customer's contacts."];
        var version = await db.DpaVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == paper.Version && v.Status == PolicyStatus.Published, ct);
        if (version is null)
            errors["version"] = ["Choose a published version."];
        var today = OsloCalendar.Today(time);
        if (paper.SignedOn is not { } signedOn || signedOn > today || (version?.PublishedAt is { } published && signedOn < DateOnly.FromDateTime(published)))
            errors["signedOn"] = ["Give the date it was signed (yyyy-mm-dd): not in the future, and not before the version was published."];
        var type = MediaType(paper.Scan);
        if (type is null || paper.Scan.Length > MaxPaperBytes)
            errors["scan"] = [$"Upload the scan as a PDF, JPEG or PNG file of at most {MaxPaperBytes / 1024 / 1024} MB."];
        if (errors.Count > 0)
            return errors;
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct) is not { } customer
            || await vault.RevealAsync(contact!.SubjectId, ct) is not { Email: { } email } person)
            return new(StringComparer.Ordinal) { ["contact"] = ["This person has been erased; choose another contact."] };
        var title = contact.Title is null ? null : await vault.OpenAsync(contact.SubjectId, nameof(CustomerContact.Title), contact.Title, ct);
        var acceptance = new DpaAcceptance
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CustomerId = customerId,
            VersionNumber = version!.Number,
            TextHash = version.TextHash!,
            Method = AcceptanceMethod.SignedPaper,
            AcceptedAt = paper.SignedOn!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            SubjectId = contact.SubjectId,
            RecordedBy = actor,
            PaperType = type,
        };
        acceptance.Receipt = await vault.SealAsync(contact.SubjectId, nameof(DpaAcceptance.Receipt),
            receipts.Sign(acceptance, version, customer, new Signatory(person.Name, email, title)), ct);
        acceptance.Paper = await vault.SealBytesAsync(contact.SubjectId, nameof(DpaAcceptance.Paper), paper.Scan, ct);
        db.DpaAcceptances.Add(acceptance);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.dpa-paper-recorded", contact.SubjectId,
            details: $"customer {customerId}, version {version.Number}, signed {paper.SignedOn:yyyy-MM-dd}, {type}, {paper.Scan.Length} bytes"));
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>The scan of a signed paper copy, opened for a member of staff and audited; null when there is none.</summary>
    public async Task<(byte[] Scan, string Type)?> PaperAsync(Guid customerId, Guid acceptanceId, string viewer, CancellationToken ct)
    {
        if (await db.DpaAcceptances.AsNoTracking().FirstOrDefaultAsync(a => a.Id == acceptanceId && a.CustomerId == customerId, ct) is not { Paper: { } sealedScan, PaperType: { } type } acceptance
            || await vault.OpenBytesAsync(acceptance.SubjectId, nameof(DpaAcceptance.Paper), sealedScan, ct) is not { } scan)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, viewer, "customer.dpa-paper-viewed", acceptance.SubjectId, details: $"customer {customerId}, version {acceptance.VersionNumber}"));
        await db.SaveChangesAsync(ct);
        return (scan, type);
    }

    /// <summary>What the file is by its first bytes: only the formats a scan comes in.</summary>
    private static string? MediaType(ReadOnlySpan<byte> file) =>
        file.StartsWith("%PDF-"u8) ? "application/pdf"
        : file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    /// <summary>The receipt of an acceptance, opened for a member of staff and audited; null when there is none (or its signatory was erased).</summary>
    public async Task<string?> ReceiptAsync(Guid customerId, Guid acceptanceId, string viewer, CancellationToken ct)
    {
        var acceptance = await db.DpaAcceptances.AsNoTracking().Where(a => a.Id == acceptanceId && a.CustomerId == customerId)
            .Select(a => new { a.SubjectId, a.VersionNumber, a.Receipt }).FirstOrDefaultAsync(ct);
        if (acceptance?.Receipt is not { } sealedReceipt)
            return null;
        var receipt = await vault.OpenAsync(acceptance.SubjectId, nameof(DpaAcceptance.Receipt), sealedReceipt, ct);
        if (receipt is null)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, viewer, "customer.dpa-receipt-viewed", acceptance.SubjectId, details: $"customer {customerId}, version {acceptance.VersionNumber}"));
        await db.SaveChangesAsync(ct);
        return receipt;
    }

    private async Task<(AcceptanceLink Link, DpaInvitation? Invitation)> ResolveAsync(string? token, bool tracked, CancellationToken ct)
    {
        var unknown = new AcceptanceLink(null, null, null, LinkProblem.Unknown);
        if (SubscriberTokens.ConfirmationHash(token) is not { } hash)
            return (unknown, null);
        var invitations = tracked ? db.DpaInvitations : db.DpaInvitations.AsNoTracking();
        if (await invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct) is not { } invitation)
            return (unknown, null);
        var version = await db.DpaVersions.AsNoTracking().FirstAsync(v => v.Number == invitation.VersionNumber, ct);
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == invitation.CustomerId, ct);
        var stillContact = await db.CustomerContacts.AnyAsync(c => c.CustomerId == invitation.CustomerId && c.SubjectId == invitation.SubjectId, ct);
        if (customer is null || customer.DataDeletedAt is not null || !stillContact)
            return (unknown, null);
        var current = await CurrentAsync(ct);
        LinkProblem? problem = invitation.UsedAt is not null ? LinkProblem.Used
            : invitation.ExpiresAt <= time.GetUtcNow().UtcDateTime ? LinkProblem.Expired
            : current?.Number != version.Number ? LinkProblem.Superseded
            : null;
        var name = problem is null ? (await vault.RevealAsync(invitation.SubjectId, ct))?.Name : null;
        var when = problem == LinkProblem.Used ? invitation.UsedAt : problem == LinkProblem.Expired ? invitation.ExpiresAt : null;
        return (new AcceptanceLink(version, customer, name, problem, when, current?.Number), invitation);
    }

    private static string Format(string text, params object?[] values) => string.Format(CultureInfo.InvariantCulture, text, values);
}
