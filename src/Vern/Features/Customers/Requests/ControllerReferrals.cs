using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Requests;

/// <summary>The customer that is the controller of a person's data in the product, as the person is told.</summary>
internal sealed record ControllerFound(Guid CustomerId, string Organisation, string Processing);

/// <summary>
/// A person who asks us about their data in the product, which we hold as the processor of the customer they used:
/// they are told, in their language, which customer is the controller, and with their consent their request is
/// forwarded to that customer's privacy contacts, who answer them. We keep nothing of the person: their address and
/// words go in the message to the customer, and the audit trail records only which customer and what kind of request.
/// </summary>
internal sealed class ControllerReferrals(AppDb db, Customers customers, MailOutbox outbox, ModelStore models, TimeProvider time)
{
    public const int MaxCompany = 200;
    public const int MaxMessage = 2000;

    /// <summary>The customer going by <paramref name="company"/> (case and spacing aside) whose data we still hold; null when none does.</summary>
    public async Task<ControllerFound?> FindAsync(string? company, string language, CancellationToken ct)
    {
        var wanted = Normalise(company);
        if (wanted.Length == 0)
            return null;
        var held = await db.Customers.AsNoTracking().Where(c => c.DataDeletedAt == null).ToListAsync(ct);
        if (held.FirstOrDefault(c => Normalise(c.Organisation) == wanted) is not { } customer)
            return null;
        var model = models.Current.Model;
        var processing = string.Join(", ", model.ProcessorActivities.Where(a => customer.Activities.Contains(a.Id)).Select(a => a.Name[language]));
        return new ControllerFound(customer.Id, customer.Organisation, processing);
    }

    /// <summary>Forwards the person's request to the customer's privacy contacts; false when it has none to write to.</summary>
    public async Task<bool> ForwardAsync(ControllerFound controller, ForwardedKind kind, string email, string? message, string language, CancellationToken ct)
    {
        var contacts = await customers.WritableContactsAsync(controller.CustomerId, ct);
        if (contacts.Count == 0)
            return false;
        var t = Text<ReferralTexts>.In(Languages.Default);
        var processor = models.Current.Model.Controller.Name;
        foreach (var contact in contacts)
            await outbox.AddAsync(new OutgoingEmail(contact.Email, string.Format(CultureInfo.InvariantCulture, t.ReferredSubject, t.Kinds[kind], controller.Organisation),
                string.Format(CultureInfo.InvariantCulture, t.ReferredBody, contact.Name ?? contact.Email, processor, controller.Organisation, t.Kinds[kind], email,
                    language, string.IsNullOrWhiteSpace(message) ? "-" : message.Trim(), controller.Processing)), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "public", "customer.request-referred", details: $"customer {controller.CustomerId}: {kind}"));
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return true;
    }

    private static string Normalise(string? name) => string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
