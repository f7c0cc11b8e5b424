using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers;

/// <summary>A customer's privacy contact as the privacy officer sees it, opened from the vault.</summary>
internal sealed record ContactView(Guid Id, string? Name, string? Email, string? Title, DateTime AddedAt);

/// <summary>
/// Creating and changing customers and their privacy contacts. A customer's instructions must fit the definition: the
/// processor activities exist, and the regions it allows hold every place a sub-processor of those activities works in.
/// Contacts are people in the vault; adding one needs no one's data to be shown, and showing them is audited.
/// </summary>
internal sealed class Customers(AppDb db, SubjectVault vault, ProcessingGate gate, ModelStore models, TimeProvider time)
{
    private static CustomerTexts T => Text<CustomerTexts>.In(Languages.English);

    /// <summary>The customer the input describes, or the problems with it per field.</summary>
    public (Customer? Customer, Dictionary<string, string[]> Errors) Read(CustomerInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        var model = models.Current.Model;

        var organisation = input.Organisation?.Trim() ?? "";
        if (organisation.Length is 0 or > CustomerInput.MaxOrganisation || organisation.Any(char.IsControl))
            Fail("organisation", Format(T.OrganisationRequired, CustomerInput.MaxOrganisation));
        var country = input.Country?.Trim().ToUpperInvariant() ?? "";
        if (!Countries.IsCode(country))
            Fail("country", T.CountryInvalid);
        var start = Date(input.LicenceStart, "licenceStart", required: true);
        var end = Date(input.LicenceEnd, "licenceEnd", required: false);
        if (start is { } s && end is { } e && e < s)
            Fail("licenceEnd", T.EndBeforeStart);

        var activities = (input.Activities ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (activities.Count == 0)
            Fail("activities", T.ActivityRequired);
        foreach (var unknown in activities.Where(a => model.ProcessorActivities.All(p => p.Id != a)))
            Fail("activities", Format(T.ActivityUnknown, unknown));

        var regions = (input.AllowedRegions ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var bad in regions.Where(r => r != Customer.Eea && !Countries.IsCode(r)))
            Fail("allowedRegions", Format(T.RegionInvalid, bad));
        if (regions.Count > 0 && !errors.ContainsKey("allowedRegions"))
        {
            var outside = model.ProcessorActivities.Where(p => activities.Contains(p.Id)).SelectMany(p => p.SubProcessors).Distinct()
                .Select(model.Recipient).OfType<Recipient>()
                .Where(r => !Customer.Allows(regions, r.Country));
            foreach (var recipient in outside)
                Fail("allowedRegions", Format(T.RegionExcludes, recipient.Name, recipient.Country));
        }

        var retention = string.IsNullOrWhiteSpace(input.Retention) ? null : input.Retention.Trim().ToUpperInvariant();
        if (retention is not null && (retention.Length > 32 || !IsoPeriods.IsValid(retention)))
            Fail("retention", T.RetentionInvalid);
        var instructions = string.IsNullOrWhiteSpace(input.Instructions) ? null : input.Instructions.Trim();
        if (instructions?.Length > CustomerInput.MaxInstructions)
            Fail("instructions", Format(T.InstructionsTooLong, CustomerInput.MaxInstructions));

        if (errors.Count > 0)
            return (null, errors);
        return (new Customer
        {
            Organisation = organisation,
            Country = country,
            LicenceStart = start!.Value,
            LicenceEnd = end,
            Activities = activities,
            AllowedRegions = regions,
            Retention = retention,
            Instructions = instructions,
        }, errors);

        DateOnly? Date(string? text, string field, bool required)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required)
                    Fail(field, T.DateInvalid);
                return null;
            }
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            Fail(field, T.DateInvalid);
            return null;
        }
    }

    /// <summary>
    /// The customer's contacts who may be written to about it, with their address: not one who objected, asked for
    /// restriction or was erased.
    /// </summary>
    public async Task<IReadOnlyList<(Guid SubjectId, string Email, string? Name)>> WritableContactsAsync(Guid customerId, CancellationToken ct)
    {
        var found = new List<(Guid, string, string?)>();
        foreach (var subjectId in await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => c.SubjectId).ToListAsync(ct))
        {
            if ((await gate.CheckAsync(subjectId, CustomerContactsSource.Purpose, browser: null, ct)).Refusal is null
                && await vault.RevealAsync(subjectId, ct) is { Email: { } email } person)
                found.Add((subjectId, email, person.Name));
        }
        return found;
    }

    /// <summary>
    /// What the customer's data passes through: the sub-processors of the processor activities carried out for it, in the
    /// definition in force, once each.
    /// </summary>
    public IReadOnlyList<Recipient> SubProcessorsOf(Customer customer)
    {
        var model = models.Current.Model;
        return [.. model.ProcessorActivities.Where(a => customer.Activities.Contains(a.Id)).SelectMany(a => a.SubProcessors).Distinct()
            .Select(model.Recipient).OfType<Recipient>()];
    }

    /// <summary>Adds a customer (already read with <see cref="Read"/>) and audits it.</summary>
    public async Task<Customer> CreateAsync(Customer customer, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        customer.Id = Guid.CreateVersion7(time.GetUtcNow());
        customer.CreatedAt = customer.UpdatedAt = now;
        db.Customers.Add(customer);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.created", details: Describe(customer)));
        await db.SaveChangesAsync(ct);
        return customer;
    }

    /// <summary>Replaces what the form holds of a customer, audited with what it now says; false when there is no such customer.</summary>
    public async Task<bool> UpdateAsync(Guid id, Customer changed, string actor, CancellationToken ct)
    {
        if (await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct) is not { } customer)
            return false;
        customer.Organisation = changed.Organisation;
        customer.Country = changed.Country;
        customer.LicenceStart = changed.LicenceStart;
        customer.LicenceEnd = changed.LicenceEnd;
        customer.Activities = changed.Activities;
        customer.AllowedRegions = changed.AllowedRegions;
        customer.Retention = changed.Retention;
        customer.Instructions = changed.Instructions;
        customer.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.updated", details: Describe(customer)));
        // A licence renewed while its export is still offered, with no deletion asked for, runs on: the closure is dropped.
        if (customer.StateOn(OsloCalendar.Today(time)) is CustomerState.Active or CustomerState.Ending
            && await db.LicenceClosures.FirstOrDefaultAsync(c => c.CustomerId == id && c.Stage == Closure.ClosureStage.ExportOffered && c.DeletionAskedAt == null, ct) is { } closure)
        {
            db.LicenceClosures.Remove(closure);
            db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.licence-closure-cancelled", details: $"customer {id}, licence end {customer.LicenceEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"}"));
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Adds a privacy contact: a person already in the vault under the address is reused, else added. Returns the problems
    /// per field, empty when added.
    /// </summary>
    public async Task<Dictionary<string, string[]>> AddContactAsync(Guid customerId, ContactInput input, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > ContactInput.MaxName || name.Any(char.IsControl))
            errors["name"] = [Format(T.NameRequired, ContactInput.MaxName)];
        var email = input.Email?.Trim() ?? "";
        if (!Subscriptions.IsAddress(email))
            errors["email"] = [T.EmailInvalid];
        var title = string.IsNullOrWhiteSpace(input.Title) ? null : input.Title.Trim();
        if (title?.Length > ContactInput.MaxTitle || title?.Any(char.IsControl) == true)
            errors["title"] = [Format(T.TitleTooLong, ContactInput.MaxTitle)];
        if (errors.Count > 0)
            return errors;
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct) is not { } customer)
            throw new InvalidOperationException("No such customer.");

        // A person already in the vault may have objected, asked for restriction or been erased: then they are not added.
        var known = await vault.FindByEmailAsync(email, ct);
        if ((await gate.CheckAsync(known, CustomerContactsSource.Purpose, browser: null, ct)).Refusal is { } refused)
            return new(StringComparer.Ordinal) { ["email"] = [Format(T.ContactRefused, refused.ToWire())] };
        var subjectId = known ?? (await vault.AddAsync(new PersonalDetails(email, name, Company: customer.Organisation), ct)).Id;
        if (await db.CustomerContacts.AnyAsync(c => c.CustomerId == customerId && c.SubjectId == subjectId, ct))
            return new(StringComparer.Ordinal) { ["email"] = [T.ContactExists] };
        db.CustomerContacts.Add(new CustomerContact
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CustomerId = customerId,
            SubjectId = subjectId,
            AddedAt = time.GetUtcNow().UtcDateTime,
            AddedBy = actor,
            Title = title is null ? null : await vault.SealAsync(subjectId, nameof(CustomerContact.Title), title, ct),
        });
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.contact-added", subjectId, details: $"customer {customerId}"));
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Removes a contact from the customer (the person stays in the vault for whatever else holds them); false when there was none.</summary>
    public async Task<bool> RemoveContactAsync(Guid customerId, Guid contactId, string actor, CancellationToken ct)
    {
        if (await db.CustomerContacts.FirstOrDefaultAsync(c => c.Id == contactId && c.CustomerId == customerId, ct) is not { } contact)
            return false;
        db.CustomerContacts.Remove(contact);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.contact-removed", contact.SubjectId, details: $"customer {customerId}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The customer's contacts opened from the vault, each view audited under the person it shows.</summary>
    public async Task<IReadOnlyList<ContactView>> ContactsAsync(Guid customerId, string viewer, CancellationToken ct)
    {
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.AddedAt).ToListAsync(ct);
        var views = new List<ContactView>(contacts.Count);
        foreach (var contact in contacts)
        {
            var details = await vault.RevealAsync(contact.SubjectId, ct);
            var title = contact.Title is null ? null : await vault.OpenAsync(contact.SubjectId, nameof(CustomerContact.Title), contact.Title, ct);
            views.Add(new ContactView(contact.Id, details?.Name, details?.Email, title, contact.AddedAt));
            db.AuditEntries.Add(AuditEntry.Create(time, viewer, "customer.contact-viewed", contact.SubjectId, details: $"customer {customerId}"));
        }
        if (contacts.Count > 0)
            await db.SaveChangesAsync(ct);
        return views;
    }

    private static string Format(string text, object value) => string.Format(CultureInfo.InvariantCulture, text, value);

    private static string Format(string text, object first, object second) => string.Format(CultureInfo.InvariantCulture, text, first, second);

    // The audit trail keeps what the customer record said after each change: no one's personal data is in it.
    private static string Describe(Customer c) => JsonSerializer.Serialize(
        new { c.Id, c.Organisation, c.Country, c.LicenceStart, c.LicenceEnd, c.Activities, c.AllowedRegions, c.Retention, c.Instructions }, JsonSerializerOptions.Web);
}
