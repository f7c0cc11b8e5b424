using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>
/// The processor's side of a breach (Art. 33(2)): each customer whose data an incident touched is told, through its
/// privacy contacts, what is known so far of what Art. 33(3) asks, within the hours its data processing agreement
/// promises (<c>processorTerms.breachNotificationHours</c>, 24 by default) from our awareness. Each notice is recorded
/// with the incident's timeline and the audit trail, in the same save as the e-mails it sends.
/// </summary>
internal sealed class CustomerBreachNotices(AppDb db, Customers.Customers customers, MailOutbox outbox, ModelStore models, TimeProvider time)
{
    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    /// <summary>When the customers must have been told: the agreements' hours after awareness.</summary>
    public DateTime DeadlineOf(Incident incident) => incident.AwareAt.AddHours(models.Current.Model.ProcessorTerms.BreachNotificationHours);

    /// <summary>The customers whose data is still held, and so may be touched by an incident, by organisation.</summary>
    public Task<List<(Guid Id, string Organisation)>> CandidatesAsync(CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => c.DataDeletedAt == null).OrderBy(c => c.Organisation)
            .Select(c => new ValueTuple<Guid, string>(c.Id, c.Organisation)).ToListAsync(ct);

    public async Task<List<(IncidentCustomerNotice Notice, string Organisation)>> SentAsync(Guid incidentId, CancellationToken ct) =>
        [.. (await (from n in db.IncidentCustomerNotices.AsNoTracking()
                    join c in db.Customers.AsNoTracking() on n.CustomerId equals c.Id
                    where n.IncidentId == incidentId
                    orderby n.NotifiedAt
                    select new { n, c.Organisation }).ToListAsync(ct)).Select(x => (x.n, x.Organisation))];

    /// <summary>Notifies the contacts of each customer named; refuses, naming the field, unknown customers or one with no contact to tell.</summary>
    public async Task<Dictionary<string, string[]>> NotifyAsync(Guid incidentId, IReadOnlyCollection<Guid> customerIds, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
        var chosen = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id) && c.DataDeletedAt == null).ToListAsync(ct);
        if (customerIds.Count == 0 || chosen.Count != customerIds.Distinct().Count())
        {
            errors["customers"] = [T.CustomersRequired];
            return errors;
        }
        var model = models.Current.Model;
        var now = time.GetUtcNow().UtcDateTime;
        var deadline = DeadlineOf(incident);
        var hours = model.ProcessorTerms.BreachNotificationHours;
        var told = new List<string>();
        foreach (var customer in chosen)
        {
            var contacts = await customers.WritableContactsAsync(customer.Id, ct);
            if (contacts.Count == 0)
            {
                errors["customers"] = [string.Format(CultureInfo.InvariantCulture, T.CustomerWithoutContact, customer.Organisation)];
                db.ChangeTracker.Clear();
                return errors;
            }
            foreach (var contact in contacts)
                await outbox.AddAsync(new OutgoingEmail(contact.Email, Format(T.CustomerNoticeSubject, model.Controller.Name, customer.Organisation),
                    Format(T.CustomerNoticeBody, contact.Name ?? contact.Email, model.Controller.Name, customer.Organisation, Incidents.Instant(incident.AwareAt),
                        incident.Nature, Known(string.Join(", ", incident.Categories.Select(c => model.Category(c)?.Name.ToString() ?? c))),
                        Known(string.Join(", ", incident.SubjectKinds.Select(s => model.SubjectKind(s)?.Name.ToString() ?? s))),
                        Known(incident.ApproximateSubjects?.ToString(CultureInfo.InvariantCulture)), Known(incident.ApproximateRecords?.ToString(CultureInfo.InvariantCulture)),
                        Known(incident.Consequences), Known(incident.MeasuresTaken), Known(incident.MeasuresProposed), incident.ContactPoint)), ct);
            db.IncidentCustomerNotices.Add(new IncidentCustomerNotice { IncidentId = incidentId, CustomerId = customer.Id, NotifiedAt = now, NotifiedBy = actor, Contacts = contacts.Count });
            told.Add(string.Format(CultureInfo.InvariantCulture, T.CustomerToldPart, customer.Organisation, contacts.Count));
        }
        var detail = Format(now <= deadline ? T.CustomersNotifiedStep : T.CustomersNotifiedLateStep, string.Join("; ", told), hours);
        Incidents.Step(db, time, incidentId, actor, IncidentStep.CustomersNotified, detail);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return errors;
    }

    private static string Known(string? value) => string.IsNullOrWhiteSpace(value) ? T.NotKnownYet : value;

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
