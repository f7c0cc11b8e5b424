using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Rights.Connectors;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Requests;

/// <summary>What a customer's contact fills in to forward a request.</summary>
internal sealed record ForwardInput(Guid CustomerId, ForwardedKind? Kind, string? EndUser, string? Details);

/// <summary>
/// Requests about the product's data that customers forward (Art. 28(3)(e)). A contact forwards one for a customer they
/// are a contact of; Vern records it with the agreement's deadline and asks the product (its connector, with the
/// customer as tenant) to carry it out at once. The answer goes to the contact, never to the end user. When the product
/// cannot be reached, or no product is configured, the request stays open on the console with its deadline, where staff
/// try again or record the answer they gave by hand.
/// </summary>
internal sealed class ForwardedRequests(AppDb db, SubjectVault vault, KeyStore keys, MailOutbox outbox, ModelStore models, PublicUrl url, IServiceProvider services, TimeProvider time)
{
    public const string KeyOwner = "vern:forwarded";
    public const int MaxEndUser = 200;
    public const int MaxDetails = 2000;

    /// <summary>Records and runs a forwarded request; the problems per field when it cannot be taken.</summary>
    public async Task<(ForwardedRequest? Request, Dictionary<string, string[]> Errors)> ForwardAsync(Guid contact, ForwardInput input, string language, CancellationToken ct)
    {
        var t = Text<ForwardTexts>.In(language);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var customer = await (from c in db.CustomerContacts.AsNoTracking()
                              join k in db.Customers on c.CustomerId equals k.Id
                              where c.SubjectId == contact && k.Id == input.CustomerId && k.DataDeletedAt == null
                              select k).FirstOrDefaultAsync(ct);
        if (customer is null)
            errors["customerId"] = [t.CustomerUnknown];
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
            errors["kind"] = [t.KindRequired];
        var endUser = input.EndUser?.Trim() ?? "";
        if (endUser.Length is 0 or > MaxEndUser || endUser.Any(char.IsControl))
            errors["endUser"] = [string.Format(CultureInfo.InvariantCulture, t.EndUserRequired, MaxEndUser)];
        var details = string.IsNullOrWhiteSpace(input.Details) ? null : input.Details.Trim();
        if (details?.Length > MaxDetails)
            errors["details"] = [string.Format(CultureInfo.InvariantCulture, t.DetailsTooLong, MaxDetails)];
        if (errors.Count > 0)
            return (null, errors);

        var now = time.GetUtcNow();
        var request = new ForwardedRequest
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customer!.Id,
            ForwardedBy = contact,
            Kind = input.Kind!.Value,
            ReceivedAt = now.UtcDateTime,
            DueOn = OsloCalendar.Today(time).AddDays(models.Current.Model.ProcessorTerms.RequestDeadlineDays),
            Status = ForwardedStatus.Open,
        };
        var key = await keys.GetServiceKeyAsync(KeyOwner, ct);
        request.EndUser = Aead.Seal(key, Encoding.UTF8.GetBytes(endUser), AssociatedData(request, nameof(ForwardedRequest.EndUser)));
        request.Details = details is null ? null : Aead.Seal(key, Encoding.UTF8.GetBytes(details), AssociatedData(request, nameof(ForwardedRequest.Details)));
        db.ForwardedRequests.Add(request);
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.request-forwarded", contact,
            details: $"customer {customer.Id}, request {request.Id}: {request.Kind}, due {request.DueOn:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        await RunAsync(request, "product", ct);
        return (request, errors);
    }

    /// <summary>Staff ask the product again for an open request; false when there is none open.</summary>
    public async Task<bool> RetryAsync(Guid id, string actor, CancellationToken ct) =>
        await db.ForwardedRequests.FirstOrDefaultAsync(r => r.Id == id && r.Status == ForwardedStatus.Open, ct) is { } request
        && await RunAsync(request, actor, ct) is var _;

    /// <summary>How many days before an open request falls due staff are reminded of it.</summary>
    public const int RemindDaysBefore = 2;

    /// <summary>
    /// Asks the product again for every open request, soonest due first (the job <see cref="ForwardedRequestRetry"/>);
    /// how many were answered. Without a product there is nothing to ask: staff answer by hand. Then reminds staff of
    /// the requests still open that fall due within <see cref="RemindDaysBefore"/> days.
    /// </summary>
    public async Task<int> RetryOpenAsync(CancellationToken ct)
    {
        var answered = await AskAgainAsync(ct);
        await RemindAsync(ct);
        return answered;
    }

    /// <summary>E-mails the privacy officers and account managers once about each open request about to fall due.</summary>
    private async Task RemindAsync(CancellationToken ct)
    {
        var soon = OsloCalendar.Today(time).AddDays(RemindDaysBefore);
        var due = await (from r in db.ForwardedRequests
                         join c in db.Customers on r.CustomerId equals c.Id
                         where r.Status == ForwardedStatus.Open && r.RemindedAt == null && r.DueOn <= soon
                         orderby r.DueOn
                         select new { r.Id, r.Kind, r.DueOn, r.Attempts, r.Note, c.Organisation }).Take(100).ToListAsync(ct);
        if (due.Count == 0)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        var ids = due.Select(d => d.Id).ToList();
        // Claimed first, so that of several servers one reminds.
        if (await db.ForwardedRequests.Where(r => ids.Contains(r.Id) && r.RemindedAt == null).ExecuteUpdateAsync(u => u.SetProperty(r => r.RemindedAt, now), ct) == 0)
            return;
        var t = Text<ForwardTexts>.In(Languages.Default);
        var staff = await StaffAddresses.OfRolesAsync(db, [StaffRoles.PrivacyOfficer, StaffRoles.AccountManager], ct);
        foreach (var request in due)
        {
            foreach (var address in staff)
                await outbox.AddAsync(new OutgoingEmail(address, string.Format(CultureInfo.InvariantCulture, t.ReminderSubject, t.Kinds[request.Kind], request.Organisation, request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    string.Format(CultureInfo.InvariantCulture, t.ReminderBody, t.Kinds[request.Kind], request.Organisation, request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        request.Attempts, request.Note ?? "", url.Link("/admin/customers/requests"))), ct);
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "customer.request-reminded", details: $"request {request.Id}, due {request.DueOn:yyyy-MM-dd}: {staff.Count} staff told"));
        }
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
    }

    private async Task<int> AskAgainAsync(CancellationToken ct)
    {
        if (services.GetService<ProductConnector>() is null)
            return 0;
        var open = await db.ForwardedRequests.AsNoTracking().Where(r => r.Status == ForwardedStatus.Open).OrderBy(r => r.DueOn).Select(r => r.Id).Take(100).ToListAsync(ct);
        var answered = 0;
        foreach (var id in open)
        {
            if (await db.ForwardedRequests.FirstOrDefaultAsync(r => r.Id == id && r.Status == ForwardedStatus.Open, ct) is { } request
                && await RunAsync(request, "system", ct, scheduled: true) != ForwardedStatus.Open)
                answered++;
            db.ChangeTracker.Clear();
        }
        return answered;
    }

    /// <summary>Staff record that they answered an open request by hand, with what they did; false when there is none open.</summary>
    public async Task<bool> AnswerByHandAsync(Guid id, string? outcome, string actor, CancellationToken ct)
    {
        if (await db.ForwardedRequests.FirstOrDefaultAsync(r => r.Id == id && r.Status == ForwardedStatus.Open, ct) is not { } request || string.IsNullOrWhiteSpace(outcome))
            return false;
        await AnswerAsync(request, ForwardedStatus.Done, outcome.Trim()[..Math.Min(outcome.Trim().Length, 500)], null, actor, ct);
        return true;
    }

    /// <summary>An access result for a contact of the request's customer, cleared as it is handed over; null when there is none.</summary>
    public async Task<byte[]?> TakeResultAsync(Guid contact, Guid id, CancellationToken ct)
    {
        var request = await (from r in db.ForwardedRequests
                             join c in db.CustomerContacts on r.CustomerId equals c.CustomerId
                             where r.Id == id && c.SubjectId == contact && r.Result != null
                             select r).FirstOrDefaultAsync(ct);
        if (request is null)
            return null;
        var result = Aead.Open(await keys.GetServiceKeyAsync(KeyOwner, ct), request.Result!, AssociatedData(request, nameof(ForwardedRequest.Result)));
        request.Result = null;
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.request-result-downloaded", contact, details: $"customer {request.CustomerId}, request {request.Id}"));
        await db.SaveChangesAsync(ct);
        return result;
    }

    /// <summary>How long a scheduled retry leaves a request that was just asked (by another server's run, or by staff).</summary>
    public static readonly TimeSpan RetryGap = TimeSpan.FromMinutes(10);

    private async Task<ForwardedStatus> RunAsync(ForwardedRequest request, string actor, CancellationToken ct, bool scheduled = false)
    {
        // The product is optional: without one, requests wait on the console for staff to answer by hand.
        if (services.GetService<ProductConnector>() is not { } product)
        {
            request.Note = "No product connector is configured (Customers:Product:Url): answer it by hand.";
            await db.SaveChangesAsync(ct);
            return request.Status;
        }
        // Each attempt is claimed first, so that of several servers (or a server and a member of staff) only one asks the
        // product; a scheduled retry also leaves alone a request asked moments ago.
        var attempts = request.Attempts;
        var now = time.GetUtcNow().UtcDateTime;
        var unless = scheduled ? now - RetryGap : DateTime.MaxValue;
        if (await db.ForwardedRequests.Where(r => r.Id == request.Id && r.Status == ForwardedStatus.Open && r.Attempts == attempts
                    && (r.LastAttemptAt == null || r.LastAttemptAt < unless))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Attempts, attempts + 1).SetProperty(r => r.LastAttemptAt, now), ct) == 0)
            return request.Status;
        (request.Attempts, request.LastAttemptAt) = (attempts + 1, now);
        var key = await keys.GetServiceKeyAsync(KeyOwner, ct);
        var endUser = Encoding.UTF8.GetString(Aead.Open(key, request.EndUser!, AssociatedData(request, nameof(ForwardedRequest.EndUser))));
        var details = request.Details is null ? null : Encoding.UTF8.GetString(Aead.Open(key, request.Details, AssociatedData(request, nameof(ForwardedRequest.Details))));
        var answer = await product.SendAsync(request.Kind.ToString().ToLowerInvariant(), request.CustomerId, request.Id, endUser, details, ct);
        if (answer.Outcome == ProductOutcome.Failed)
        {
            request.Note = answer.Detail;
            db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.request-failed", request.ForwardedBy, details: $"customer {request.CustomerId}, request {request.Id}: {answer.Detail}"));
            await db.SaveChangesAsync(ct);
            return request.Status;
        }
        var result = request.Kind == ForwardedKind.Access && answer.Export is { } export
            ? Aead.Seal(key, Encoding.UTF8.GetBytes(export), AssociatedData(request, nameof(ForwardedRequest.Result)))
            : null;
        await AnswerAsync(request, answer.Outcome == ProductOutcome.Done ? ForwardedStatus.Done : ForwardedStatus.NotFound, answer.Detail, result, actor, ct);
        return request.Status;
    }

    /// <summary>Closes the request, clears what names the end user, and tells the contact who forwarded it.</summary>
    private async Task AnswerAsync(ForwardedRequest request, ForwardedStatus status, string? outcome, byte[]? result, string actor, CancellationToken ct)
    {
        request.Status = status;
        request.Note = outcome;
        request.Result = result;
        request.EndUser = null;
        request.Details = null;
        request.AnsweredAt = time.GetUtcNow().UtcDateTime;
        var late = OsloCalendar.Today(time) > request.DueOn;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.request-answered", request.ForwardedBy,
            details: $"customer {request.CustomerId}, request {request.Id}: {status}{(late ? $", after its due date {request.DueOn:yyyy-MM-dd}" : "")}"));
        if (await vault.RevealAsync(request.ForwardedBy, ct) is { Email: { } email } person)
        {
            var t = Text<ForwardTexts>.In(Languages.Default);
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == request.CustomerId).Select(c => c.Organisation).FirstAsync(ct);
            await outbox.AddAsync(new OutgoingEmail(email, string.Format(CultureInfo.InvariantCulture, t.AnsweredSubject, t.Kinds[request.Kind], customer),
                string.Format(CultureInfo.InvariantCulture, t.AnsweredBody, person.Name ?? email, t.Kinds[request.Kind], customer,
                    request.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.Statuses[status], outcome ?? "",
                    result is null ? "" : t.ResultWaiting, url.Link("/customers/portal/requests"))), ct);
        }
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
    }

    private static byte[] AssociatedData(ForwardedRequest request, string field) => Encoding.UTF8.GetBytes($"{request.Id:N}/{field}");
}
