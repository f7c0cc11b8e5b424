using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Customers.Agreements;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Ropa;

/// <summary>
/// The customers the processor record names: every one whose data is still held, with the activities carried out for
/// it. Their contacts are opened from the vault only for a viewer allowed to see them, each opening audited.
/// </summary>
internal sealed class RopaCustomers(AppDb db, SubjectVault vault, TimeProvider time)
{
    public async Task<IReadOnlyList<RopaCustomer>> ReadAsync(string? contactsViewer, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        var customers = await db.Customers.AsNoTracking().Where(c => c.DataDeletedAt == null).OrderBy(c => c.Organisation).ThenBy(c => c.Id).ToListAsync(ct);
        var contacts = contactsViewer is null
            ? null
            : (await db.CustomerContacts.AsNoTracking().Where(c => db.Customers.Any(k => k.Id == c.CustomerId && k.DataDeletedAt == null))
                .OrderBy(c => c.AddedAt).ToListAsync(ct)).ToLookup(c => c.CustomerId);
        var standing = await DpaStandings.ReadAsync(db, ct);
        var entries = new List<RopaCustomer>(customers.Count);
        foreach (var customer in customers)
        {
            List<string>? named = null;
            if (contacts is not null)
            {
                named = [];
                foreach (var contact in contacts[customer.Id])
                {
                    if (await vault.RevealAsync(contact.SubjectId, ct) is not { } details)
                        continue;
                    named.Add($"{details.Name} <{details.Email}>");
                    db.AuditEntries.Add(AuditEntry.Create(time, contactsViewer!, "customer.contact-viewed", contact.SubjectId, details: $"customer {customer.Id}, records of processing"));
                }
            }
            entries.Add(new RopaCustomer(customer.Activities, new CustomerEntry(
                customer.Organisation, customer.Country, customer.LicenceStart, customer.LicenceEnd, customer.StateOn(today).ToWire(), named,
                customer.AllowedRegions, customer.Retention, customer.Instructions,
                (standing(customer.Id).Flagged ? "flagged: " : "") + standing(customer.Id).Describe())));
        }
        if (db.ChangeTracker.HasChanges())
            await db.SaveChangesAsync(ct);
        return entries;
    }
}
