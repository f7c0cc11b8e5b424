using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers;

/// <summary>
/// Customers' privacy contacts under the retention contract: held for the customer relationship while it lasts, so their
/// last contact with the company is the end of the customer's licence; the relationship purpose's rule counts from there.
/// A contact is then removed, and a person left with nothing else is forgotten. A person with an open request, a hold or
/// a restriction waits. A licence with no end date never starts the clock.
/// </summary>
internal sealed class CustomerContactRetention(AppDb db, SubjectVault vault, TimeProvider time) : IRetentionSource
{
    public string Name => "customer-contacts";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.LastActivity];

    public Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) => Due(scope).Take(limit).CountAsync(ct);

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        var found = await Due(scope).OrderBy(c => c.Id).Select(c => c.Id).Take(batch.Size).ToListAsync(ct);
        if (found.Count == 0)
            return 0;
        await batch.BeginWriteAsync(ct);
        var due = await Due(scope).Where(c => found.Contains(c.Id)).Select(c => new { c.Id, c.SubjectId, c.CustomerId }).ToListAsync(ct);
        if (due.Count == 0)
            return 0;
        var ids = due.Select(d => d.Id).ToList();
        await db.CustomerContacts.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        foreach (var contact in due)
            db.AuditEntries.Add(AuditEntry.Create(time, "system", "customer.contact-removed", contact.SubjectId, details: $"customer {contact.CustomerId}, retention: {scope.Rule.Id}"));
        await ErasedSubjects.ForgetLeftWithNothingAsync(db, vault, time, [.. due.Select(d => d.SubjectId).Distinct()], scope.Rule.Id, ct);
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private IQueryable<CustomerContact> Due(RetentionScope scope)
    {
        if (!scope.Purposes.Contains(CustomerContactsSource.Purpose))
            return db.CustomerContacts.Where(_ => false);
        // The licence's last day counts as a whole day of activity: its clock starts the day after, at midnight in Oslo.
        var endedBefore = OsloCalendar.DateOf(scope.ClockStartedBefore).AddDays(-1);
        var today = OsloCalendar.Today(time);
        return from contact in db.CustomerContacts
               join customer in db.Customers on contact.CustomerId equals customer.Id
               where customer.LicenceEnd != null && customer.LicenceEnd < endedBefore
                   && !db.Subjects.Any(p => p.Id == contact.SubjectId && p.RestrictedAt != null)
                   && !db.SubjectHolds.Any(h => h.SubjectId == contact.SubjectId && h.ReleasedAt == null && h.Until >= today)
                   && !db.RightsRequests.Any(r => r.SubjectId == contact.SubjectId && r.ClosedAt == null)
               select contact;
    }
}
