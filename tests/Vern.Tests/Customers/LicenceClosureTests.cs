using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MimeKit;
using Vern.Data;
using Vern.Features.Customers;
using Vern.Features.Customers.Closure;
using Vern.Features.Rights.Connectors;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// Art. 28(3)(g): when a licence ends, the product (a local HTTP server) exports the customer's data, which its contacts
/// download from the portal for the agreement's return period; then the product deletes it, attempts that fail are
/// retried and put before the privacy officers, and on the product's confirmation the contacts receive a signed deletion
/// certificate that verifies with the published keys. Another customer's contact reaches none of it.
/// </summary>
public sealed class LicenceClosureTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Siri = "siri@fjordbikes.example";
    private const string Secret = "product-secret-for-tests";

    [Fact]
    public async Task An_ended_licence_is_exported_then_deleted_with_a_certificate_that_verifies_and_failures_reach_the_privacy_officers()
    {
        var productDeletes = false;
        await using var product = await FakeServer.StartAsync(request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.GetProperty("event").GetString() switch
            {
                "tenant-export" => new Reply(200, """{"outcome":"done","detail":"41 events","export":{"events":[{"page":"/checkout"}]}}"""),
                "tenant-deletion" when productDeletes => new Reply(200, """{"outcome":"done","detail":"41 events and 2 reports deleted, backups expire within 14 days"}"""),
                _ => new Reply(503),
            };
        });
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = Secret;
        settings["Customers:Product:AllowHttp"] = "true";
        settings["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010";
        // The test runs the hourly job itself, at the moments it chooses; a job set to run yearly starts all the same.
        settings["Customers:Closure:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var fjord = await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", Siri);
        await StaffSessions.CreateAsync(app, "po@nordlys.example", StaffRoles.PrivacyOfficer);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var closures = scope.ServiceProvider.GetRequiredService<LicenceClosures>();

        // Nothing has ended: the job starts nothing and asks the product nothing.
        Assert.Equal(0, await closures.RunAsync(CancellationToken.None));
        Assert.Empty(product.Requests);

        // Lindqvist's licence ends today: its contact is told, and the product exports Lindqvist's data alone, signed.
        await EndLicenceAsync(app, lindqvist, "2026-12-07");
        Assert.Equal(1, await closures.RunAsync(CancellationToken.None));
        var told = (await MailAsync(smtp, Karin, "The licence of Lindqvist Retail AB has ended: your data, its export and its deletion")).Single();
        Assert.Contains("until 2027-01-06", told.TextBody, StringComparison.Ordinal);
        Assert.Contains("by 2027-02-05 at the latest", told.TextBody, StringComparison.Ordinal);
        var export = product.Requests.Single();
        using (var sent = JsonDocument.Parse(export.Body))
        {
            Assert.Equal(("tenant-export", lindqvist.ToString()), (sent.RootElement.GetProperty("event").GetString(), sent.RootElement.GetProperty("tenantId").GetString()));
            Assert.False(sent.RootElement.TryGetProperty("endUser", out _));
        }
        Assert.Equal(WebhookConnector.Sign(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(export.Body)), export.Header(WebhookConnector.SignatureHeader));
        // Run again (another server, the next hour): nothing more is started or asked for.
        Assert.Equal(0, await closures.RunAsync(CancellationToken.None));
        Assert.Single(product.Requests);

        // Karin downloads the export; Siri, a contact of another customer, gets none of it with Lindqvist's id.
        using var karin = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        using var siri = await CustomerPortalTests.SignInAsync(app, smtp, Siri);
        Assert.Contains("Download the export", await karin.GetStringAsync("/customers/portal"), StringComparison.Ordinal);
        Assert.Contains("/checkout", await karin.GetStringAsync($"/customers/portal?handler=export&customer={lindqvist}"), StringComparison.Ordinal);
        Assert.DoesNotContain("End of licence", await siri.GetStringAsync("/customers/portal"), StringComparison.Ordinal);
        foreach (var path in new[] { $"/customers/portal?handler=export&customer={lindqvist}", $"/customers/portal?handler=certificate&customer={lindqvist}" })
        {
            using var refused = await siri.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
        using (var refused = await StaffSessions.PostFormAsync(siri, $"/customers/portal?handler=deleteNow&customer={lindqvist}", new() { ["sure"] = "true" }, tokenFrom: "/customers/portal"))
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // Karin's own request without saying she is sure is refused, saying what is missing; nothing changes.
        using (var unsure = await StaffSessions.PostFormAsync(karin, $"/customers/portal?handler=deleteNow&customer={lindqvist}", [], tokenFrom: "/customers/portal"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unsure.StatusCode);
            Assert.Contains("We have our export, or do not need it", await unsure.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null((await db.LicenceClosures.AsNoTracking().SingleAsync()).DeletionAskedAt);

        // The return period ends; the product fails to delete, is asked again hourly, and after three attempts the privacy officer is told once.
        time.Advance(TimeSpan.FromDays(31));
        for (var attempt = 0; attempt < LicenceClosures.EscalateAfter + 1; attempt++)
        {
            await closures.RunAsync(CancellationToken.None);
            time.Advance(LicenceClosures.RetryGap + TimeSpan.FromMinutes(1));
        }
        var warned = (await MailAsync(smtp, "po@nordlys.example", "Deletion not confirmed: the data of Lindqvist Retail AB")).Single();
        Assert.Contains("requires the deletion by 2027-02-05", warned.TextBody, StringComparison.Ordinal);
        var closure = await db.LicenceClosures.AsNoTracking().SingleAsync();
        Assert.Equal((ClosureStage.Deleting, LicenceClosures.EscalateAfter + 1), (closure.Stage, closure.Attempts));
        Assert.NotNull(closure.Export);
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");
        Assert.Contains("The privacy officers were told.", await manager.GetStringAsync($"/admin/customers/{lindqvist}"), StringComparison.Ordinal);

        // The product deletes; Karin receives the certificate, which verifies and names what was deleted, where and when.
        productDeletes = true;
        await closures.RunAsync(CancellationToken.None);
        var certified = (await MailAsync(smtp, Karin, "Deletion certificate: the data of Lindqvist Retail AB")).Single();
        var jws = await AttachmentAsync(certified, "deletion-certificate.jws");
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(await karin.GetStringAsync("/.well-known/jwks.json")).GetSigningKeys(),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidIssuer = app.BaseAddress.GetLeftPart(UriPartial.Authority),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(jws.Split('.')[1])).RootElement;
        Assert.Equal(("vern-deletion-certificate", "Lindqvist Retail AB", "2026-12-07"), (claims.GetProperty("type").GetString(),
            claims.GetProperty("customer").GetProperty("organisation").GetString(), claims.GetProperty("licenceEnded").GetString()));
        Assert.Contains("Product analytics data", claims.GetProperty("deleted")[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(("Hetzner Online GmbH", "DE"), claims.GetProperty("where").EnumerateArray().Select(w => (w.GetProperty("name").GetString(), w.GetProperty("country").GetString())));
        Assert.Equal("41 events and 2 reports deleted, backups expire within 14 days", claims.GetProperty("confirmation").GetString());
        // A month on, Karin signs in again: the certificate stays in the portal, the export is gone.
        using var again = await CustomerPortalTests.SignInAsync(app, smtp, Karin);
        Assert.Equal(jws, await again.GetStringAsync($"/customers/portal?handler=certificate&customer={lindqvist}"));
        using (var gone = await again.GetAsync($"/customers/portal?handler=export&customer={lindqvist}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == lindqvist);
        Assert.Equal(CustomerState.Deleted, customer.StateOn(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
        Assert.Null((await db.LicenceClosures.AsNoTracking().SingleAsync()).Export);
        Assert.DoesNotContain(smtp.Messages, m => m.To.Contains(Siri) && m.Data.Contains("Lindqvist", StringComparison.Ordinal));
        Assert.Equal(0, await db.LicenceClosures.CountAsync(c => c.CustomerId == fjord));
        string[] closing = ["customer.licence-closed", "customer.export-ready", "customer.export-downloaded", "customer.deletion-failed", "customer.deletion-escalated", "customer.data-deleted"];
        Assert.Equal(["customer.licence-closed", "customer.export-ready", "customer.export-downloaded", "customer.deletion-failed", "customer.deletion-failed",
            "customer.deletion-failed", "customer.deletion-escalated", "customer.deletion-failed", "customer.data-deleted"],
            await db.AuditEntries.Where(e => closing.Contains(e.Action))
                .OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task Without_a_product_a_renewed_licence_runs_on_and_an_ended_one_is_confirmed_deleted_by_the_privacy_officer()
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Closure:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var closures = scope.ServiceProvider.GetRequiredService<LicenceClosures>();
        await EndLicenceAsync(app, lindqvist, "2026-12-01");
        Assert.Equal(1, await closures.RunAsync(CancellationToken.None));
        // Without a product the closure says what to do instead; nothing can be confirmed before the return period ends.
        Assert.Contains("No product connector is configured", (await db.LicenceClosures.AsNoTracking().SingleAsync()).Note, StringComparison.Ordinal);
        Assert.False(await closures.ConfirmByHandAsync(lindqvist, "Deleted by hand", "po@nordlys.example", CancellationToken.None));

        // Renewed while the export is offered: the closure is dropped, and the old return period passes with nothing deleted.
        await EndLicenceAsync(app, lindqvist, "2027-12-31");
        Assert.False(await db.LicenceClosures.AnyAsync());
        time.Advance(TimeSpan.FromDays(45));
        Assert.Equal(0, await closures.RunAsync(CancellationToken.None));
        Assert.Null((await db.Customers.AsNoTracking().SingleAsync()).DataDeletedAt);

        // Ended long enough ago that the return period is over: the officer must say how the data was deleted, then the certificate goes.
        await EndLicenceAsync(app, lindqvist, "2026-11-01");
        await closures.RunAsync(CancellationToken.None);
        Assert.Equal(ClosureStage.Deleting, (await db.LicenceClosures.AsNoTracking().SingleAsync()).Stage);
        await StaffSessions.CreateAsync(app, "po@nordlys.example", StaffRoles.PrivacyOfficer);
        using var officer = await StaffSessions.SignInAsync(app, "po@nordlys.example");
        var page = $"/admin/customers/{lindqvist}";
        using (var blank = await StaffSessions.PostFormAsync(officer, page + "?handler=confirmDeletion", new() { ["how"] = " " }, tokenFrom: page))
        {
            Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
            Assert.Contains("id=\"how-error\"", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null((await db.Customers.AsNoTracking().SingleAsync()).DataDeletedAt);
        using (var confirmed = await StaffSessions.PostFormAsync(officer, page + "?handler=confirmDeletion",
                   new() { ["how"] = "Tenant dropped from the database on 2027-01-20; backups expire by 2027-02-03" }, tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var jws = await AttachmentAsync((await MailAsync(smtp, Karin, "Deletion certificate: the data of Lindqvist Retail AB")).Single(), "deletion-certificate.jws");
        Assert.Equal("Confirmed by po@nordlys.example: Tenant dropped from the database on 2027-01-20; backups expire by 2027-02-03",
            JsonDocument.Parse(Base64UrlEncoder.Decode(jws.Split('.')[1])).RootElement.GetProperty("confirmation").GetString());
        Assert.NotNull((await db.Customers.AsNoTracking().SingleAsync()).DataDeletedAt);

        // The customer checks the certificate with the README's recipe against the published keys; an altered one fails.
        using var anyone = app.CreateClient();
        var (verified, altered) = await RunReadmeRecipeAsync(jws, await anyone.GetStringAsync("/.well-known/jwks.json"));
        Assert.True(verified.ExitCode == 0, verified.Error);
        using (var printed = JsonDocument.Parse(verified.Output))
            Assert.Equal(("vern-deletion-certificate", "Lindqvist Retail AB"),
                (printed.RootElement.GetProperty("type").GetString(), printed.RootElement.GetProperty("customer").GetProperty("organisation").GetString()));
        Assert.NotEqual(0, altered.ExitCode);
        Assert.Contains("InvalidJWSSignature", altered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_the_product_keeps_failing_to_give_is_put_before_the_privacy_officers_once_and_the_deletion_again_on_its_own()
    {
        await using var product = await FakeServer.StartAsync(_ => new Reply(503));
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Customers:Product:Url"] = product.BaseAddress.ToString();
        settings["Customers:Product:Secret"] = Secret;
        settings["Customers:Product:AllowHttp"] = "true";
        settings["Rights:Connectors:RetryBaseDelay"] = "00:00:00.010";
        settings["Customers:Closure:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        await StaffSessions.CreateAsync(app, "po@nordlys.example", StaffRoles.PrivacyOfficer);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var closures = scope.ServiceProvider.GetRequiredService<LicenceClosures>();
        await EndLicenceAsync(app, lindqvist, "2026-12-07");

        // The export fails hour after hour: after three attempts the privacy officers are told, once.
        for (var attempt = 0; attempt < LicenceClosures.EscalateAfter + 2; attempt++)
        {
            await closures.RunAsync(CancellationToken.None);
            time.Advance(LicenceClosures.RetryGap + TimeSpan.FromMinutes(1));
        }
        var warned = (await MailAsync(smtp, "po@nordlys.example", "Export not given: the data of Lindqvist Retail AB")).Single();
        Assert.Contains("may download it until 2027-01-06", warned.TextBody, StringComparison.Ordinal);
        using var officer = await StaffSessions.SignInAsync(app, "po@nordlys.example");
        Assert.Contains("The export failed 5 times; the privacy officers were told.", await officer.GetStringAsync($"/admin/customers/{lindqvist}"), StringComparison.Ordinal);
        // The retention page lists the closure beside the rules Vern carries out itself.
        var retention = await officer.GetStringAsync("/admin/retention");
        Assert.Contains($"<a href=\"/admin/customers/{lindqvist}\">Lindqvist Retail AB</a>", retention, StringComparison.Ordinal);
        Assert.Contains("export offered; the privacy officers were told", retention, StringComparison.Ordinal);
        // An auditor reads the same line, without a link to the customer's page, which auditors may not open.
        await StaffSessions.CreateAsync(app, "aud@nordlys.example", "auditor");
        using var auditor = await StaffSessions.SignInAsync(app, "aud@nordlys.example");
        var audited = await auditor.GetStringAsync("/admin/retention");
        Assert.Contains("Lindqvist Retail AB", audited, StringComparison.Ordinal);
        Assert.DoesNotContain($"/admin/customers/{lindqvist}", audited, StringComparison.Ordinal);

        // The return period ends: the deletion's attempts are counted afresh, and its failures reach the officers on their own.
        time.Advance(TimeSpan.FromDays(31));
        for (var attempt = 0; attempt < LicenceClosures.EscalateAfter; attempt++)
        {
            await closures.RunAsync(CancellationToken.None);
            time.Advance(LicenceClosures.RetryGap + TimeSpan.FromMinutes(1));
        }
        Assert.Single(await MailAsync(smtp, "po@nordlys.example", "Deletion not confirmed: the data of Lindqvist Retail AB"));
        using var later = await StaffSessions.SignInAsync(app, "po@nordlys.example");
        Assert.Contains("deletion due, 3 attempts; the privacy officers were told", await later.GetStringAsync("/admin/retention"), StringComparison.Ordinal);
        Assert.Single(await MailAsync(smtp, "po@nordlys.example", "Export not given: the data of Lindqvist Retail AB"));
        Assert.Equal(["customer.export-escalated", "customer.deletion-escalated"],
            await db.AuditEntries.Where(e => e.Action.EndsWith("-escalated")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    private static async Task EndLicenceAsync(TestApp app, Guid customerId, string end)
    {
        await using var scope = app.CreateScope();
        var customers = scope.ServiceProvider.GetRequiredService<Features.Customers.Customers>();
        var (changed, errors) = customers.Read(new CustomerInput(
            (await scope.ServiceProvider.GetRequiredService<AppDb>().Customers.AsNoTracking().SingleAsync(c => c.Id == customerId)).Organisation,
            "SE", "2026-01-01", end, ["analytics-product"], "EEA, US", null, null));
        Assert.Empty(errors);
        Assert.True(await customers.UpdateAsync(customerId, changed!, "ola@example.org", CancellationToken.None));
    }

    /// <summary>The README's certificate recipe, run on the certificate and on a copy whose claims were altered after signing.</summary>
    private static async Task<((int ExitCode, string Output, string Error) Verified, (int ExitCode, string Output, string Error) Altered)> RunReadmeRecipeAsync(string jws, string jwks)
    {
        var directory = Directory.CreateTempSubdirectory("vern-certificate-");
        try
        {
            var keys = Path.Combine(directory.FullName, "jwks.json");
            await File.WriteAllTextAsync(keys, jwks);
            // The recipe fetches the key set from Vern's public address; here it reads the same document from a file.
            var recipe = Python.ReadmeBlock("deletion-certificate.jws").Replace("https://vern.example/.well-known/jwks.json", new Uri(keys).AbsoluteUri, StringComparison.Ordinal);
            Assert.Contains("file://", recipe, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "deletion-certificate.jws"), jws);
            var verified = await Python.RunAsync(["-c", recipe], directory.FullName);
            var parts = jws.Split('.');
            var claims = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("Lindqvist Retail AB", "Lindqvist Retail SE", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "deletion-certificate.jws"), $"{parts[0]}.{Base64UrlEncoder.Encode(claims)}.{parts[2]}");
            return (verified, await Python.RunAsync(["-c", recipe], directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static async Task<string> AttachmentAsync(MimeMessage message, string fileName)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName == fileName);
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content);
        return Encoding.ASCII.GetString(content.ToArray());
    }
}
