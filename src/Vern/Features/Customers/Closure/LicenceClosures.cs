using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Rights.Connectors;
using Vern.Features.Staff;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Closure;

/// <summary>
/// Return and deletion at the end of a licence (Art. 28(3)(g)), under the terms of the definition's <c>processorTerms</c>.
/// Once a licence has ended, the product is asked for an export of the customer's data, which the customer's contacts
/// download from the portal for <c>returnDays</c>; then (or sooner, when a contact asks) the product is told to delete the
/// customer's data, and on its confirmation Vern signs a deletion certificate and e-mails it to the contacts. The product
/// is the licensed product's connector, with the customer as tenant; every attempt is claimed in the database, so of
/// several servers one asks. A deletion still unconfirmed after <see cref="EscalateAfter"/> attempts, or a week before its
/// deadline, is put before the privacy officers; without a product, a privacy officer confirms the deletion by hand.
/// </summary>
internal sealed class LicenceClosures(AppDb db, Customers customers, KeyStore keys, MailOutbox outbox, ModelStore models, DeletionCertificates certificates,
    PublicUrl url, IServiceProvider services, TimeProvider time)
{
    public const string KeyOwner = "vern:closure";
    public const int EscalateAfter = 3;
    private const int EscalateDaysBefore = 7;
    private const string NoProduct = "No product connector is configured (Customers:Product:Url): confirm the deletion by hand once it is done.";

    /// <summary>How long a scheduled attempt leaves a closure that was just attempted (by another server, or by staff).</summary>
    public static readonly TimeSpan RetryGap = TimeSpan.FromMinutes(10);

    private static ClosureTexts T => Text<ClosureTexts>.In(Languages.Default);

    /// <summary>One scheduled round: closes licences that have ended, asks for exports not yet given, and deletes what is due.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var started = await StartEndedAsync(ct);
        var today = OsloCalendar.Today(time);
        var due = await db.LicenceClosures.AsNoTracking()
            .Where(c => c.Stage != ClosureStage.Deleted && (c.Export == null && c.ExportedAt == null || c.ExportUntil < today || c.DeletionAskedAt != null))
            .OrderBy(c => c.DeleteBy).Select(c => c.Id).Take(100).ToListAsync(ct);
        foreach (var id in due)
        {
            await AttemptAsync(id, "system", scheduled: true, ct);
            db.ChangeTracker.Clear();
        }
        return started;
    }

    /// <summary>
    /// Staff have just set a licence's end: if it has ended, its closure starts now rather than at the next hourly run,
    /// and the product is asked for the export.
    /// </summary>
    public async Task CloseIfEndedAsync(Guid customerId, string actor, CancellationToken ct)
    {
        if (await StartEndedAsync(ct, customerId) > 0
            && await db.LicenceClosures.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) is { } id)
            await AttemptAsync(id, actor, scheduled: false, ct);
    }

    /// <summary>Starts the closure of every licence that has ended and has none (or of one customer's); how many were started.</summary>
    private async Task<int> StartEndedAsync(CancellationToken ct, Guid? only = null)
    {
        var today = OsloCalendar.Today(time);
        var terms = models.Current.Model.ProcessorTerms;
        var ended = await db.Customers.AsNoTracking()
            .Where(c => c.LicenceEnd != null && c.LicenceEnd <= today && c.DataDeletedAt == null && !db.LicenceClosures.Any(l => l.CustomerId == c.Id))
            .Where(c => only == null || c.Id == only)
            .ToListAsync(ct);
        var started = 0;
        foreach (var customer in ended)
        {
            var end = customer.LicenceEnd!.Value;
            var closure = new LicenceClosure
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                CustomerId = customer.Id,
                LicenceEnd = end,
                ExportUntil = end.AddDays(terms.ReturnDays),
                DeleteBy = end.AddDays(terms.ReturnDays + terms.DeletionDays),
                Stage = ClosureStage.ExportOffered,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.LicenceClosures.Add(closure);
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "customer.licence-closed",
                details: $"customer {customer.Id}: licence ended {end:yyyy-MM-dd}, export offered until {closure.ExportUntil:yyyy-MM-dd}, deletion by {closure.DeleteBy:yyyy-MM-dd}"));
            foreach (var contact in await customers.WritableContactsAsync(customer.Id, ct))
                await outbox.AddAsync(new OutgoingEmail(contact.Email, Format(T.EndedSubject, customer.Organisation),
                    Format(T.EndedBody, contact.Name ?? contact.Email, customer.Organisation, models.Current.Model.Controller.Name, Date(end), Date(closure.ExportUntil),
                        url.Link("/customers/portal"), Date(closure.DeleteBy))), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                started++;
            }
            catch (DbUpdateException)
            {
                // Another server started it a moment before and told the contacts: these messages were never saved, so never sent.
                db.ChangeTracker.Clear();
                if (!await db.LicenceClosures.AsNoTracking().AnyAsync(l => l.CustomerId == customer.Id, ct))
                    throw;
            }
            db.ChangeTracker.Clear();
        }
        await outbox.DeliverAddedAsync(ct);
        return started;
    }

    /// <summary>A contact of the customer asks for the deletion before the return period ends; false when there is nothing to delete.</summary>
    public async Task<bool> AskDeletionAsync(Guid contact, Guid customerId, CancellationToken ct)
    {
        if (!await IsContactAsync(contact, customerId, ct)
            || await db.LicenceClosures.FirstOrDefaultAsync(c => c.CustomerId == customerId && c.Stage == ClosureStage.ExportOffered, ct) is not { } closure)
            return false;
        closure.DeletionAskedAt = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.deletion-asked", contact, details: $"customer {customerId}"));
        await db.SaveChangesAsync(ct);
        await AttemptAsync(closure.Id, "customer contact", scheduled: false, ct);
        return true;
    }

    /// <summary>Staff ask the product again at once; false when the customer has no closure under way.</summary>
    public async Task<bool> RetryAsync(Guid customerId, string actor, CancellationToken ct)
    {
        if (await db.LicenceClosures.AsNoTracking().Where(c => c.CustomerId == customerId && c.Stage != ClosureStage.Deleted).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) is not { } id)
            return false;
        await AttemptAsync(id, actor, scheduled: false, ct);
        return true;
    }

    /// <summary>
    /// A privacy officer confirms that the customer's data was deleted where no product connector can (say how); the
    /// certificate then names their confirmation. False when no deletion is due.
    /// </summary>
    public async Task<bool> ConfirmByHandAsync(Guid customerId, string? how, string actor, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        if (string.IsNullOrWhiteSpace(how)
            || await db.LicenceClosures.FirstOrDefaultAsync(c => c.CustomerId == customerId && c.Stage != ClosureStage.Deleted
                && (c.ExportUntil < today || c.DeletionAskedAt != null), ct) is not { } closure)
            return false;
        await CompleteAsync(closure, $"Confirmed by {actor}: {how.Trim()[..Math.Min(how.Trim().Length, 400)]}", actor, ct);
        return true;
    }

    /// <summary>The export for a contact of its customer, audited; null when there is none (or none any more).</summary>
    public async Task<byte[]?> ExportAsync(Guid contact, Guid customerId, CancellationToken ct)
    {
        if (!await IsContactAsync(contact, customerId, ct)
            || await db.LicenceClosures.AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == customerId && c.Export != null, ct) is not { } closure)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.export-downloaded", contact, details: $"customer {customerId}"));
        await db.SaveChangesAsync(ct);
        return Aead.Open(await keys.GetServiceKeyAsync(KeyOwner, ct), closure.Export!, AssociatedData(closure));
    }

    /// <summary>The deletion certificate for a contact of its customer; null when none was issued.</summary>
    public async Task<string?> CertificateAsync(Guid contact, Guid customerId, CancellationToken ct) =>
        await IsContactAsync(contact, customerId, ct)
            ? await db.LicenceClosures.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => c.Certificate).FirstOrDefaultAsync(ct)
            : null;

    private Task<bool> IsContactAsync(Guid contact, Guid customerId, CancellationToken ct) =>
        db.CustomerContacts.AsNoTracking().AnyAsync(c => c.SubjectId == contact && c.CustomerId == customerId, ct);

    /// <summary>Asks the product for what the closure needs now: the export while it is offered and not yet given, else the deletion once due.</summary>
    private async Task AttemptAsync(Guid id, string actor, bool scheduled, CancellationToken ct)
    {
        if (await db.LicenceClosures.FirstOrDefaultAsync(c => c.Id == id && c.Stage != ClosureStage.Deleted, ct) is not { } closure)
            return;
        var today = OsloCalendar.Today(time);
        var deleting = closure.ExportUntil < today || closure.DeletionAskedAt is not null;
        if (deleting && closure.Stage == ClosureStage.ExportOffered)
        {
            // The deletion is a new task: its attempts are counted, and its failures escalated, afresh.
            closure.Stage = ClosureStage.Deleting;
            closure.Attempts = 0;
            closure.EscalatedAt = null;
            await db.SaveChangesAsync(ct);
        }
        if (!deleting && (closure.Export is not null || closure.ExportedAt is not null))
            return;
        if (services.GetService<ProductConnector>() is not { } product)
        {
            // Said once, not written again every hour.
            if (closure.Note != NoProduct)
            {
                closure.Note = NoProduct;
                await db.SaveChangesAsync(ct);
            }
            return;
        }
        // Each attempt is claimed first, so that of several servers (or a server and a member of staff) only one asks.
        var attempts = closure.Attempts;
        var now = time.GetUtcNow().UtcDateTime;
        var unless = scheduled ? now - RetryGap : DateTime.MaxValue;
        if (await db.LicenceClosures.Where(c => c.Id == id && c.Stage == closure.Stage && c.Attempts == attempts && (c.LastAttemptAt == null || c.LastAttemptAt < unless))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Attempts, attempts + 1).SetProperty(c => c.LastAttemptAt, now), ct) == 0)
            return;
        (closure.Attempts, closure.LastAttemptAt) = (attempts + 1, now);
        var answer = await product.SendAsync(deleting ? "tenant-deletion" : "tenant-export", closure.CustomerId, closure.Id, null, null, ct);
        if (answer.Outcome == ProductOutcome.Failed)
        {
            closure.Note = answer.Detail;
            db.AuditEntries.Add(AuditEntry.Create(time, actor, deleting ? "customer.deletion-failed" : "customer.export-failed",
                details: $"customer {closure.CustomerId}, attempt {closure.Attempts}: {answer.Detail}"));
            await EscalateIfDueAsync(closure, deleting, ct);
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
            return;
        }
        if (deleting)
        {
            await CompleteAsync(closure, answer.Detail, actor, ct);
            return;
        }
        // An export the product says it has nothing for is recorded as given, so it is not asked for again.
        closure.ExportedAt = now;
        closure.Note = answer.Detail;
        if (answer.Export is { } export)
            closure.Export = Aead.Seal(await keys.GetServiceKeyAsync(KeyOwner, ct), Encoding.UTF8.GetBytes(export), AssociatedData(closure));
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.export-ready", details: $"customer {closure.CustomerId}: {(answer.Export is null ? "the product holds no data" : "offered")}"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Tells the privacy officers once per task (the export, then the deletion) when its attempts keep failing or its
    /// deadline nears: the end of the return period for the export, the agreement's deletion deadline for the deletion.
    /// </summary>
    private async Task EscalateIfDueAsync(LicenceClosure closure, bool deleting, CancellationToken ct)
    {
        var deadline = deleting ? closure.DeleteBy : closure.ExportUntil;
        if (closure.EscalatedAt is not null
            || (closure.Attempts < EscalateAfter && OsloCalendar.Today(time) < deadline.AddDays(-EscalateDaysBefore)))
            return;
        closure.EscalatedAt = time.GetUtcNow().UtcDateTime;
        var organisation = await db.Customers.AsNoTracking().Where(c => c.Id == closure.CustomerId).Select(c => c.Organisation).FirstAsync(ct);
        var officers = await StaffAddresses.OfRolesAsync(db, [StaffRoles.PrivacyOfficer], ct);
        foreach (var officer in officers)
            await outbox.AddAsync(new OutgoingEmail(officer, Format(deleting ? T.EscalationSubject : T.ExportEscalationSubject, organisation),
                Format(deleting ? T.EscalationBody : T.ExportEscalationBody, organisation, Date(closure.LicenceEnd), Date(deadline), closure.Attempts, closure.Note ?? "",
                    url.Link($"/admin/customers/{closure.CustomerId}"))), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "system", deleting ? "customer.deletion-escalated" : "customer.export-escalated",
            details: $"customer {closure.CustomerId}: {closure.Attempts} attempts failed, {(deleting ? "deletion due by" : "export offered until")} {deadline:yyyy-MM-dd}; {officers.Count} privacy officers told"));
    }

    /// <summary>Records the confirmed deletion, drops the export, signs the certificate and sends it to the customer's contacts.</summary>
    private async Task CompleteAsync(LicenceClosure closure, string? confirmation, string actor, CancellationToken ct)
    {
        var customer = await db.Customers.FirstAsync(c => c.Id == closure.CustomerId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        closure.Stage = ClosureStage.Deleted;
        closure.Export = null;
        closure.DeletedAt = customer.DataDeletedAt = now;
        closure.Note = confirmation;
        closure.Certificate = certificates.Sign(closure, customer, now, confirmation);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.data-deleted", details: $"customer {customer.Id}: certificate {closure.Id}; {confirmation}"));
        var attachment = new EmailAttachment("deletion-certificate.jws", "application/jose", Encoding.ASCII.GetBytes(closure.Certificate));
        foreach (var contact in await customers.WritableContactsAsync(customer.Id, ct))
            await outbox.AddAsync(new OutgoingEmail(contact.Email, Format(T.DeletedSubject, customer.Organisation),
                Format(T.DeletedBody, contact.Name ?? contact.Email, models.Current.Model.Controller.Name, customer.Organisation, Date(closure.LicenceEnd),
                    now.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), url.Link("/.well-known/jwks.json")))
            { Attachments = [attachment] }, ct);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
    }

    private static byte[] AssociatedData(LicenceClosure closure) => Encoding.UTF8.GetBytes($"{closure.Id:N}/{nameof(LicenceClosure.Export)}");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
