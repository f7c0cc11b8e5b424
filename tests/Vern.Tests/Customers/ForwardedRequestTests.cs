using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Customers.Requests;
using Vern.Features.Rights.Connectors;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// Art. 28(3)(e): a customer's contact forwards their users' requests in the portal; the product (a local HTTP server)
/// carries each out for that customer alone, signed, within the agreement's deadline; the answer goes to the contact, an
/// access result is handed over once, and a product that fails leaves the request open, asked again every hour (once,
/// however many servers) and on the console.
/// </summary>
public sealed class ForwardedRequestTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Secret = "product-secret-for-tests";

    [Fact]
    public async Task A_contact_forwards_requests_the_product_carries_them_out_for_that_customer_and_the_contact_gets_the_answer()
    {
        var productUp = false;
        await using var product = await FakeServer.StartAsync(request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.GetProperty("event").GetString() switch
            {
                "access" => new Reply(200, """{"outcome":"done","detail":"3 events exported","export":{"events":[{"page":"/cart"}]}}"""),
                "erasure" when productUp => new Reply(200, """{"outcome":"done","detail":"3 events deleted"}"""),
                _ => new Reply(500),
            };
        });
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = Secret;
        settings["Customers:Product:AllowHttp"] = "true";
        settings["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010";
        // The test runs the hourly retry itself, at the moment it chooses.
        settings["Customers:Requests:RetryEvery"] = "7.00:00:00";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var fjord = await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        using var karin = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();

        // For another customer, or with no user named: refused naming the field, nothing written.
        using (var other = await StaffSessions.PostFormAsync(karin, "/customers/portal/requests",
                   new() { ["CustomerId"] = fjord.ToString(), ["Kind"] = "Access", ["EndUser"] = "user-4711" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
            Assert.Contains("id=\"customerId-error\"", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var nobody = await StaffSessions.PostFormAsync(karin, "/customers/portal/requests",
                   new() { ["CustomerId"] = lindqvist.ToString(), ["Kind"] = "Access", ["EndUser"] = " " }))
            Assert.Contains("id=\"endUser-error\"", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await db.ForwardedRequests.AnyAsync());

        // Access: the product is asked for Lindqvist's user alone, signed; Karin is answered and downloads the result once.
        using (var forwarded = await StaffSessions.PostFormAsync(karin, "/customers/portal/requests",
                   new() { ["CustomerId"] = lindqvist.ToString(), ["Kind"] = "Access", ["EndUser"] = "user-4711" }))
            Assert.Equal(HttpStatusCode.Redirect, forwarded.StatusCode);
        var call = product.Requests.Single();
        using (var sent = JsonDocument.Parse(call.Body))
        {
            Assert.Equal(("access", lindqvist.ToString(), "user-4711"), (sent.RootElement.GetProperty("event").GetString(),
                sent.RootElement.GetProperty("tenantId").GetString(), sent.RootElement.GetProperty("endUser").GetString()));
        }
        Assert.Equal(WebhookConnector.Sign(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(call.Body)), call.Header(WebhookConnector.SignatureHeader));
        var answer = (await MailAsync(smtp, Karin, "Answered: the access request you forwarded for Lindqvist Retail AB")).Single();
        Assert.Contains("is answered: done. 3 events exported", answer.TextBody, StringComparison.Ordinal);
        var access = await db.ForwardedRequests.AsNoTracking().SingleAsync();
        Assert.Equal((ForwardedStatus.Done, (byte[]?)null), (access.Status, access.EndUser));
        Assert.Equal(DateOnly.FromDateTime(access.ReceivedAt).AddDays(10), access.DueOn);
        var portal = await karin.GetStringAsync("/customers/portal/requests");
        Assert.Contains("done: 3 events exported", portal, StringComparison.Ordinal);
        Assert.Contains("""{"events":[{"page":"/cart"}]}""", await karin.GetStringAsync($"/customers/portal/requests?handler=result&request={access.Id}"), StringComparison.Ordinal);
        using (var again = await karin.GetAsync($"/customers/portal/requests?handler=result&request={access.Id}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        // Erasure while the product is down: open on the console with why; asked again once it is up, done and answered.
        using (var forwarded = await StaffSessions.PostFormAsync(karin, "/customers/portal/requests",
                   new() { ["CustomerId"] = lindqvist.ToString(), ["Kind"] = "Erasure", ["EndUser"] = "user-4711" }))
            Assert.Equal(HttpStatusCode.Redirect, forwarded.StatusCode);
        Assert.Contains("<td>erasure</td>", await karin.GetStringAsync("/customers/portal/requests"), StringComparison.Ordinal);
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");
        var erasure = await db.ForwardedRequests.AsNoTracking().SingleAsync(r => r.Kind == ForwardedKind.Erasure);

        // The hourly retry, run by two servers at once while the product is still down: the product is asked once more, not twice.
        time.Advance(ForwardedRequests.RetryGap + TimeSpan.FromMinutes(1));
        var calls = product.Requests.Count;
        await using (var first = app.CreateScope())
        await using (var second = app.CreateScope())
        {
            await Task.WhenAll(first.ServiceProvider.GetRequiredService<ForwardedRequests>().RetryOpenAsync(CancellationToken.None),
                second.ServiceProvider.GetRequiredService<ForwardedRequests>().RetryOpenAsync(CancellationToken.None));
        }
        Assert.Equal(calls + ConnectorHttp.Attempts, product.Requests.Count);
        var console = await manager.GetStringAsync("/admin/customers/requests");
        Assert.Contains("Open after 2 attempts: product answered 500", console, StringComparison.Ordinal);
        Assert.DoesNotContain("user-4711", console, StringComparison.Ordinal);
        productUp = true;
        using (var retried = await StaffSessions.PostFormAsync(manager, $"/admin/customers/requests?handler=retry&request={erasure.Id}", [], tokenFrom: "/admin/customers/requests"))
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Single(await MailAsync(smtp, Karin, "Answered: the erasure request you forwarded for Lindqvist Retail AB"));
        Assert.Equal(ForwardedStatus.Done, (await db.ForwardedRequests.AsNoTracking().SingleAsync(r => r.Id == erasure.Id)).Status);
        Assert.Equal(["customer.request-forwarded", "customer.request-answered", "customer.request-result-downloaded", "customer.request-forwarded",
            "customer.request-failed", "customer.request-failed", "customer.request-answered"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("customer.request")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.DoesNotContain("user-4711", string.Join("\n", await db.AuditEntries.Select(e => e.Details ?? "").ToListAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_still_open_two_days_before_it_falls_due_is_put_before_staff_once()
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Requests:RetryEvery"] = "30.00:00:00";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        await StaffSessions.CreateAsync(app, "po@nordlys.example", StaffRoles.PrivacyOfficer);
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        await StaffSessions.CreateAsync(app, "mia@nordlys.example", StaffRoles.Marketing);
        using var karin = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        // No product is configured: the request waits for staff, due in ten days.
        using (var forwarded = await StaffSessions.PostFormAsync(karin, "/customers/portal/requests",
                   new() { ["CustomerId"] = lindqvist.ToString(), ["Kind"] = "Erasure", ["EndUser"] = "user-4711" }))
            Assert.Equal(HttpStatusCode.Redirect, forwarded.StatusCode);
        const string subject = "Due 2026-12-17: the erasure request Lindqvist Retail AB forwarded is still open";

        async Task HourlyRunAsync()
        {
            await using var scope = app.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ForwardedRequests>().RetryOpenAsync(CancellationToken.None);
        }

        await HourlyRunAsync();
        time.Advance(TimeSpan.FromDays(7));
        await HourlyRunAsync();
        Assert.Empty(await MailAsync(smtp, "po@nordlys.example", subject, count: 0));

        // Two days before: the privacy officer and the account manager are told, once; marketing is not.
        time.Advance(TimeSpan.FromDays(1));
        await HourlyRunAsync();
        var reminder = (await MailAsync(smtp, "po@nordlys.example", subject)).Single();
        Assert.Contains("/admin/customers/requests", reminder.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("user-4711", reminder.TextBody, StringComparison.Ordinal);
        Assert.Single(await MailAsync(smtp, "ola@example.org", subject));
        time.Advance(TimeSpan.FromHours(1));
        await HourlyRunAsync();
        Assert.Single(await MailAsync(smtp, "po@nordlys.example", subject, count: 0));
        Assert.Empty(await MailAsync(smtp, "mia@nordlys.example", subject, count: 0));
    }
}
