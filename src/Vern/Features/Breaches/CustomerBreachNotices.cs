using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>
/// The processor's side of a breach (Art. 33(2)): each customer whose data an incident touched is told, through its
/// privacy contacts, what is known so far of what Art. 33(3) asks, within the hours its data processing agreement
/// promises (<c>processorTerms.breachNotificationHours</c>, 24 by default) from our awareness. Each notice is recorded
/// with the incident's timeline and the audit trail, in the same save as the e-mails it sends. While an incident that
/// touched customers' data has a customer not told yet, the console shows the deadline and the privacy officers are
/// reminded at half the agreements' hours and two hours before the deadline, each reminder once.
/// </summary>
internal sealed class CustomerBreachNotices(AppDb db, Customers.Customers customers, MailOutbox outbox, ModelStore models, PublicUrl url, TimeProvider time)
{
    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    /// <summary>When the customers must have been told: the agreements' hours after awareness.</summary>
    public DateTime DeadlineOf(Incident incident) => incident.AwareAt.AddHours(models.Current.Model.ProcessorTerms.BreachNotificationHours);

    /// <summary>
    /// Hours after awareness at which the privacy officers are reminded of customers not told yet: at half the agreements'
    /// hours, when there is time to act, and two hours before the deadline, the last chance; once, at half, when the
    /// agreements give 4 hours or fewer.
    /// </summary>
    public static IReadOnlyList<int> ReminderHours(int hours) => hours <= 4 ? [Math.Max(1, hours / 2)] : [hours / 2, hours - 2];

    /// <summary>
    /// Open incidents that touched customers' data (a processor activity is among their affected systems) with customers
    /// whose data is held and who have not been told, and how many, the earliest awareness first.
    /// </summary>
    public async Task<List<(Incident Incident, int Untold)>> AwaitingAsync(CancellationToken ct) =>
        [.. (await db.Incidents.AsNoTracking()
            .Where(i => i.ClosedAt == null && i.AffectedActivities.Count > 0)
            .Select(i => new
            {
                Incident = i,
                Untold = db.Customers.Count(c => c.DataDeletedAt == null && !db.IncidentCustomerNotices.Any(n => n.IncidentId == i.Id && n.CustomerId == c.Id)),
            })
            .Where(x => x.Untold > 0)
            .OrderBy(x => x.Incident.AwareAt)
            .ToListAsync(ct)).Select(x => (x.Incident, x.Untold))];

    /// <summary>Where the customers' deadline stands, in a few words, as the console's warning says it.</summary>
    public string Clock(Incident incident, int untold, DateTime now)
    {
        var hours = (DeadlineOf(incident) - now).TotalHours;
        return hours >= 0 ? Format(T.CustomersClockLeft, Math.Floor(hours), untold) : Format(T.CustomersClockOverdue, Math.Ceiling(-hours), untold);
    }

    /// <summary>
    /// Reminds the privacy officers of each incident with customers not told whose next reminder is due, before the
    /// deadline. Each is claimed in the database with an update before it is sent, so it goes out once whatever the
    /// number of servers; after a long pause only the latest due is sent.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var model = models.Current.Model;
        var points = ReminderHours(model.ProcessorTerms.BreachNotificationHours);
        var sent = 0;
        foreach (var (incident, untold) in await AwaitingAsync(ct))
        {
            var deadline = DeadlineOf(incident);
            var due = points.LastOrDefault(h => incident.AwareAt.AddHours(h) <= now);
            if (now >= deadline || due <= incident.CustomersRemindedAtHours)
                continue;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Incidents.Where(i => i.Id == incident.Id && i.CustomersRemindedAtHours < due)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.CustomersRemindedAtHours, due), ct) == 0)
                continue;
            var left = Math.Max(0, (int)Math.Floor((deadline - now).TotalHours));
            var officers = await StaffAddresses.OfRolesAsync(db, [StaffRoles.PrivacyOfficer], ct);
            foreach (var officer in officers)
                await outbox.AddAsync(new OutgoingEmail(officer, Format(T.CustomersReminderSubject, left, incident.Title),
                    Format(T.CustomersReminderBody, incident.Title, Incidents.Instant(incident.AwareAt), untold, model.ProcessorTerms.BreachNotificationHours,
                        Incidents.Instant(deadline), left, url.Link($"/admin/incidents/{incident.Id}"))), ct);
            Incidents.Step(db, time, incident.Id, "system", IncidentStep.CustomersReminded, Format(T.CustomersRemindedStep, due, officers.Count, untold));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await outbox.DeliverAddedAsync(ct);
            sent++;
        }
        return sent;
    }

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
