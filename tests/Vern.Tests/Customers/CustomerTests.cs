using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Customers;
using Vern.Features.Policies.Notices;
using Vern.Features.Staff;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Customers;

/// <summary>
/// Customers of the processor role in the console: an account manager adds one and its privacy contact without seeing
/// anyone's details; the privacy officer opens the contacts, each view audited; instructions outside what the
/// definition allows are refused, naming the field, and nothing is written.
/// </summary>
public sealed class CustomerTests
{
    private static List<KeyValuePair<string, string>> Fields(string organisation, string regions, params string[] activities) =>
    [
        new("Form.Organisation", organisation), new("Form.Country", "se"), new("Form.LicenceStart", "2026-01-01"), new("Form.LicenceEnd", "2027-12-31"),
        new("Form.AllowedRegions", regions), new("Form.Retention", "p13m"), new("Form.Instructions", "Events from Swedish shops only."),
        .. activities.Select(a => new KeyValuePair<string, string>("Form.Activities", a)),
    ];

    [Fact]
    public async Task An_account_manager_adds_a_customer_and_its_contact_and_only_the_privacy_officer_sees_who_it_is()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");

        using var created = await StaffSessions.PostFormFieldsAsync(manager, "/admin/customers/new", Fields("Lindqvist Retail AB", "EEA, US", "analytics-product"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString.Split('?')[0];
        Assert.Contains("The customer was added.", await manager.GetStringAsync(created.Headers.Location!.OriginalString), StringComparison.Ordinal);

        using (var added = await StaffSessions.PostFormFieldsAsync(manager, page + "?handler=contact",
                   [new("Contact.Name", "Karin Lindqvist"), new("Contact.Email", "karin.lindqvist@lindqvist.example"), new("Contact.Title", "Data protection officer")], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var shown = await manager.GetStringAsync(page);
        Assert.Contains("1 contact.", shown, StringComparison.Ordinal);
        // What the customer's data passes through, from the definition's processor activity.
        Assert.Contains("<strong>Hetzner Online GmbH</strong> (DE)", shown, StringComparison.Ordinal);
        Assert.Contains("<strong>ActiveCampaign, LLC (Postmark)</strong> (US, outside the EU/EEA)", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Karin", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("karin.lindqvist", shown, StringComparison.Ordinal);
        var list = await manager.GetStringAsync("/admin/customers");
        Assert.Contains("Lindqvist Retail AB", list, StringComparison.Ordinal);
        Assert.Contains("<td>ending</td>", list, StringComparison.Ordinal);
        using (var refused = await manager.GetAsync(page + "/contacts"))
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);
        var contacts = await officer.GetStringAsync(page + "/contacts");
        Assert.Contains("Karin Lindqvist", contacts, StringComparison.Ordinal);
        Assert.Contains("karin.lindqvist@lindqvist.example", contacts, StringComparison.Ordinal);
        Assert.Contains("Data protection officer", contacts, StringComparison.Ordinal);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var customer = await db.Customers.SingleAsync();
        Assert.Equal(("SE", "P13M", "EEA US"), (customer.Country, customer.Retention, string.Join(" ", customer.AllowedRegions)));
        var contact = await db.CustomerContacts.SingleAsync();
        Assert.Equal(["customer.created", "customer.contact-added", "customer.contact-viewed"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("customer.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal("ada@example.org", await db.AuditEntries.Where(e => e.Action == "customer.contact-viewed" && e.SubjectId == contact.SubjectId).Select(e => e.Actor).SingleAsync());

        // The contact is a person like any other: in their access package, and told of changes to the customer relationship.
        var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "customer-contacts");
        var export = await source.ExportAsync(new DataSubject(contact.SubjectId, "karin.lindqvist@lindqvist.example", []), CancellationToken.None);
        Assert.Equal(["Lindqvist Retail AB", "SE", "Data protection officer"], export.Rows.Single().Take(3));
        var holders = scope.ServiceProvider.GetServices<IContactHolder>();
        Assert.Contains(contact.SubjectId, (await Task.WhenAll(holders.Select(h => h.ContactsAsync([CustomerContactsSource.Purpose], CancellationToken.None)))).SelectMany(c => c.Keys));

        // The privacy officer removes the contact: the customer has none, and the removal is on record.
        using (var removed = await StaffSessions.PostFormAsync(officer, $"{page}/contacts?handler=remove&contact={contact.Id}", [], tokenFrom: page + "/contacts"))
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("No contact yet", await manager.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal("ada@example.org", await db.AuditEntries.Where(e => e.Action == "customer.contact-removed").Select(e => e.Actor).SingleAsync());
    }

    [Theory]
    [InlineData("EEA", "allowedRegions", "ActiveCampaign, LLC (Postmark) processes this customer&#x27;s data in US, outside the regions the customer allows")]
    [InlineData("EU!", "allowedRegions", "EU! is neither")]
    public async Task Instructions_outside_the_definition_are_refused_naming_the_field_and_nothing_is_written(string regions, string field, string message)
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");

        using var refused = await StaffSessions.PostFormFieldsAsync(manager, "/admin/customers/new", Fields("Lindqvist Retail AB", regions, "analytics-product", "no-such-activity"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("The definition has no processor activity no-such-activity.", html, StringComparison.Ordinal);
        // What was typed stays in the form.
        Assert.Contains("value=\"Lindqvist Retail AB\"", html, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.False(await db.Customers.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action.StartsWith("customer.")));
    }

    [Fact]
    public async Task A_contact_with_a_bad_address_is_refused_and_the_licence_cannot_end_before_it_starts()
    {
        await using var app = await TestApp.StartAsync();
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");
        using var created = await StaffSessions.PostFormFieldsAsync(manager, "/admin/customers/new", Fields("Lindqvist Retail AB", "", "analytics-product"));
        var page = created.Headers.Location!.OriginalString.Split('?')[0];

        using var contact = await StaffSessions.PostFormFieldsAsync(manager, page + "?handler=contact",
            [new("Contact.Name", "Karin"), new("Contact.Email", "Karin <karin@lindqvist.example>")], tokenFrom: page);
        Assert.Equal(HttpStatusCode.BadRequest, contact.StatusCode);
        Assert.Contains("id=\"email-error\"", await contact.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var backwards = Fields("Lindqvist Retail AB", "", "analytics-product");
        backwards[2] = new("Form.LicenceStart", "2028-01-01");
        using var saved = await StaffSessions.PostFormFieldsAsync(manager, page + "?handler=save", backwards, tokenFrom: page);
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Contains("The licence cannot end before it starts.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.False(await db.CustomerContacts.AnyAsync());
        Assert.Equal(new DateOnly(2026, 1, 1), (await db.Customers.SingleAsync()).LicenceStart);
    }

    [Fact]
    public async Task The_processor_record_names_each_customer_and_only_the_privacy_officers_copy_names_its_contacts()
    {
        await using var app = await TestApp.StartAsync();
        await using (var scope = app.CreateScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<Features.Customers.Customers>();
            var (customer, _) = customers.Read(new CustomerInput("Lindqvist Retail AB", "SE", "2026-01-01", null, ["analytics-product"], "EEA, US", "P13M", null));
            await customers.CreateAsync(customer!, "ola@example.org", CancellationToken.None);
            Assert.Empty(await customers.AddContactAsync(customer!.Id, new ContactInput("Karin Lindqvist", "karin@lindqvist.example", null), "ola@example.org", CancellationToken.None));
        }
        await StaffSessions.CreateAsync(app, "auditor@example.com", StaffRoles.Auditor);
        using var auditor = await StaffSessions.SignInAsync(app, "auditor@example.com");
        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);

        var withheld = await auditor.GetStringAsync("/admin/ropa-processor.csv");
        Assert.Contains("Lindqvist Retail AB (SE, active, licence 2026-01-01 to no end agreed)", withheld, StringComparison.Ordinal);
        Assert.Contains("withheld here: personal data", withheld, StringComparison.Ordinal);
        Assert.Contains("data only in EEA, US; kept 13 months", withheld, StringComparison.Ordinal);
        Assert.DoesNotContain("karin", withheld, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("karin", await auditor.GetStringAsync("/admin/ropa"), StringComparison.OrdinalIgnoreCase);

        Assert.Contains("Karin Lindqvist <karin@lindqvist.example>", await officer.GetStringAsync("/admin/ropa-processor.csv"), StringComparison.Ordinal);
        Assert.Contains("Karin Lindqvist", await officer.GetStringAsync("/admin/ropa.json"), StringComparison.Ordinal);
        await using var check = app.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(["ada@example.org", "ada@example.org"], await db.AuditEntries
            .Where(e => e.Action == "customer.contact-viewed" && e.Details!.EndsWith("records of processing")).Select(e => e.Actor).ToListAsync());
    }
}
