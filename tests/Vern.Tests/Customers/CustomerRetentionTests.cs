using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Customers;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Customers;

/// <summary>
/// A customer's privacy contacts are kept while the customer relationship lasts and for the relationship purpose's
/// period after the licence ends (2 years in the shipped definition), then removed and, with nothing else held, forgotten.
/// </summary>
public sealed class CustomerRetentionTests
{
    [Fact]
    public async Task Contacts_go_two_years_after_the_licence_ends_and_a_current_customers_contact_stays_even_when_their_other_records_go()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var ended = await AddCustomerAsync(app, "Fjord Bikes AS", "2026-12-31", "siri@fjordbikes.example");
        var current = await AddCustomerAsync(app, "Lindqvist Retail AB", null, "karin@lindqvist.example");
        // Karin also wrote through the contact form: that submission's own two years end first.
        using (var client = app.CreateClient())
        using (var sent = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email = "karin@lindqvist.example", message = "Please call me." }))
            Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);

        // The licence's last day is 31 December 2026: the two years run from 1 January 2027.
        time.SetUtcNow(new DateTimeOffset(2028, 12, 31, 9, 0, 0, TimeSpan.Zero));
        var before = await RunAsync(app);
        Assert.NotNull(await RevealAsync(app, ended));
        // Karin's submission went on 6 December 2028; she stays, as the customer's contact.
        Assert.Equal(1, before!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Equal("karin@lindqvist.example", (await RevealAsync(app, current))?.Email);

        time.SetUtcNow(new DateTimeOffset(2029, 1, 2, 9, 0, 0, TimeSpan.Zero));
        var outcome = await RunAsync(app);
        Assert.Equal(1, outcome!.Disposed[("contacts-2-years", "customer-contacts")]);
        Assert.Null(await RevealAsync(app, ended));
        Assert.Equal("karin@lindqvist.example", (await RevealAsync(app, current))?.Email);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal([current], await db.CustomerContacts.Select(c => c.SubjectId).ToListAsync());
        Assert.Equal(1, await db.ErasureLedger.CountAsync(e => e.Sources == "retention:contacts-2-years"));
    }

    private static async Task<Guid> AddCustomerAsync(TestApp app, string organisation, string? licenceEnd, string email)
    {
        await using var scope = app.CreateScope();
        var customers = scope.ServiceProvider.GetRequiredService<Features.Customers.Customers>();
        var (customer, errors) = customers.Read(new CustomerInput(organisation, "NO", "2026-01-01", licenceEnd, ["analytics-product"], null, null, null));
        Assert.Empty(errors);
        await customers.CreateAsync(customer!, "ola@example.org", CancellationToken.None);
        Assert.Empty(await customers.AddContactAsync(customer!.Id, new ContactInput("Contact of " + organisation, email, null), "ola@example.org", CancellationToken.None));
        return await scope.ServiceProvider.GetRequiredService<AppDb>().CustomerContacts.Where(c => c.CustomerId == customer.Id).Select(c => c.SubjectId).SingleAsync();
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    private static async Task<PersonalDetails?> RevealAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId);
    }
}
