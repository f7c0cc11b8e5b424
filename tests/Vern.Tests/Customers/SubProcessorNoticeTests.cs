using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Customers;

/// <summary>
/// Art. 28(2): a definition version that adds a sub-processor to the licensed product tells every customer's contact
/// over real SMTP before the change takes effect, with a link to object; the objection is recorded with its reason,
/// read by the privacy officer only, resolved and audited; each customer's link acts for that customer alone.
/// </summary>
public sealed class SubProcessorNoticeTests
{
    private const string Karin = "karin@lindqvist.example";
    private const string Siri = "siri@fjordbikes.example";

    internal const string Bunny = """
          - id: bunny
            name: BunnyWay d.o.o.
            address: Cesta komandanta Staneta 4A, 1215 Medvode, Slovenia
            country: SI
            role: sub-processor
            service:
              en: Delivery of the analytics product's script from servers near its users.
              nb: Levering av analyseproduktets skript fra servere nær brukerne.
            dpaDate: 2026-11-20

        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_new_sub_processor_is_announced_before_it_starts_and_an_objection_is_recorded_and_resolved(Provider provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(provider, settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        // Fjord Bikes allows its data only where the product's sub-processors are today.
        await AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", Siri, regions: "DE, US");

        var yaml = ModelStore.DefaultYaml();
        var changed = yaml.Replace("recipients:\n", "recipients:\n" + Bunny, StringComparison.Ordinal)
            .Replace("    subProcessors: [hetzner, postmark]\n", "    subProcessors: [hetzner, postmark, bunny]\n", StringComparison.Ordinal);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(changed, "ada@example.org", "BunnyWay delivers the script", writeFile: false, CancellationToken.None));

        // Told 30 days (the definition's notice period) before BunnyWay starts; objections until the day before.
        var notice = (await MailAsync(smtp, Karin, "Changes to the sub-processors of Nordlys Analytics AS: you may object until 2027-01-05")).Single();
        Assert.Contains("BunnyWay d.o.o. (SI) will start processing data for Nordlys Analytics (the licensed product) on 2027-01-06", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("outside the regions", notice.TextBody, StringComparison.Ordinal);
        var sirisNotice = (await MailAsync(smtp, Siri, "Changes to the sub-processors of Nordlys Analytics AS: you may object until 2027-01-05")).Single();
        Assert.Contains("SI is outside the regions Fjord Bikes AS allows (DE, US): we will not process its data there unless Fjord Bikes AS changes its instructions.",
            sirisNotice.TextBody, StringComparison.Ordinal);
        var link = Link(notice, "/dpa/object/");
        var sirisLink = Link(sirisNotice, "/dpa/object/");
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var change = await db.SubProcessorChanges.SingleAsync();
        Assert.Equal((SubProcessorChangeKind.Added, "bunny", new DateOnly(2027, 1, 6)), (change.Kind, change.RecipientId, change.EffectiveOn));

        using var contact = app.CreateClient();
        var shown = await contact.GetStringAsync(link);
        Assert.Contains("Lindqvist Retail AB may object until 2027-01-05.", shown, StringComparison.Ordinal);
        using (var empty = await StaffSessions.PostFormAsync(contact, link, new() { ["Reason"] = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("id=\"reason-error\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.False(await db.SubProcessorNotices.AnyAsync(n => n.ObjectedAt != null));
        using (var objected = await StaffSessions.PostFormAsync(contact, link, new() { ["Reason"] = "Our customers' data must not pass through a CDN." }))
            Assert.Contains("Your objection is recorded.", await objected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var again = await StaffSessions.PostFormAsync(contact, link, new() { ["Reason"] = "Again." }, tokenFrom: sirisLink))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
            Assert.Contains("An objection was recorded through this link", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The account manager sees that Lindqvist objected, not why; the privacy officer reads why (each opening of the page
        // audited) and resolves it.
        await StaffSessions.CreateAsync(app, "ola@example.org", StaffRoles.AccountManager);
        using var manager = await StaffSessions.SignInAsync(app, "ola@example.org");
        var managers = await manager.GetStringAsync("/admin/customers/subprocessors");
        Assert.Contains("BunnyWay d.o.o. (SI)", managers, StringComparison.Ordinal);
        Assert.Contains("Waiting for the privacy officer.", managers, StringComparison.Ordinal);
        // Fjord allows DE and US only: its notice is marked as outside its instructions; Lindqvist's (EEA) is not.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(managers, "Outside its instructions: BunnyWay d.o.o. \\(SI\\)"));
        Assert.Matches("Fjord Bikes AS\\s*<p class=\"error\">Outside its instructions", managers);
        Assert.DoesNotContain("CDN", managers, StringComparison.Ordinal);
        var secret = await StaffSessions.CreateAsync(app, "ada@example.org", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "ada@example.org", secret);
        Assert.Contains("must not pass through a CDN.", System.Net.WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/customers/subprocessors")), StringComparison.Ordinal);
        var objection = await db.SubProcessorNotices.SingleAsync(n => n.CustomerId == lindqvist);
        using (var refused = await StaffSessions.PostFormAsync(manager, $"/admin/customers/subprocessors?handler=resolve&notice={objection.Id}", new() { ["resolution"] = "Accommodated" }, tokenFrom: "/admin/customers/new"))
            Assert.Equal("/admin/denied", refused.Headers.Location?.AbsolutePath);
        using (var resolved = await StaffSessions.PostFormAsync(officer, $"/admin/customers/subprocessors?handler=resolve&notice={objection.Id}",
                   new() { ["resolution"] = "Accommodated", ["note"] = "Lindqvist's script stays on Hetzner." }, tokenFrom: "/admin/customers/subprocessors"))
            Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Contains("by ada@example.org: accommodated (Lindqvist&#x27;s script stays on Hetzner.)", await manager.GetStringAsync("/admin/customers/subprocessors"), StringComparison.Ordinal);

        // From the day the change takes effect, Siri's link takes no objection.
        time.Advance(TimeSpan.FromDays(30));
        using (var closed = await contact.GetAsync(sirisLink))
        {
            Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
            Assert.Contains("The changes took effect on 2027-01-06", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Taking Postmark off the product is recorded, but is nothing to object to: no one is written to.
        var messages = smtp.Messages.Count;
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(changed.Replace("[hetzner, postmark, bunny]", "[hetzner, bunny]", StringComparison.Ordinal),
            "ada@example.org", "Postmark no longer used by the product", writeFile: false, CancellationToken.None));
        Assert.Equal(SubProcessorChangeKind.Removed, (await db.SubProcessorChanges.SingleAsync(c => c.RecipientId == "postmark")).Kind);
        Assert.Equal(2, await db.SubProcessorNotices.CountAsync());
        await Task.Delay(200);
        Assert.Equal(messages, smtp.Messages.Count);
        Assert.Equal(["customer.subprocessor-changes", "customer.subprocessor-notice-sent", "customer.subprocessor-notice-sent", "customer.subprocessor-objected",
            "customer.objection-viewed", "customer.objection-viewed", "customer.objection-resolved", "customer.subprocessor-changes"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("customer.subprocessor") || e.Action.StartsWith("customer.objection")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.DoesNotContain("CDN", string.Join("\n", await db.AuditEntries.Select(e => e.Details ?? "").ToListAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_sub_processor_cannot_be_published_as_listed_since_a_day_before_its_customers_notice_ends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", Karin);
        var store = app.Get<ModelStore>();
        var version = store.Current.Version;
        string WithBunny(string listedSince) => ModelStore.DefaultYaml()
            .Replace("recipients:\n", "recipients:\n" + Bunny.Replace("    dpaDate: 2026-11-20\n", $"    dpaDate: 2026-11-20\n    listedSince: {listedSince}\n", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("    subProcessors: [hetzner, postmark]\n", "    subProcessors: [hetzner, postmark, bunny]\n", StringComparison.Ordinal);

        // Listed from next week, sooner than the 30 days' notice: refused, naming the field and the first day allowed; nothing is saved or sent.
        var refused = Assert.Single(await store.SaveAsync(WithBunny("2026-12-14"), "ada@example.org", null, writeFile: false, CancellationToken.None));
        Assert.Equal("recipients[0].listedSince", refused.Field);
        Assert.Contains("Use 2027-01-06 or later", refused.Message, StringComparison.Ordinal);
        Assert.Equal(version, store.Current.Version);
        await using (var scope = app.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<AppDb>().SubProcessorChanges.AnyAsync());

        // Listed from a later day than the notice requires: accepted, and it takes effect on that day.
        Assert.Empty(await store.SaveAsync(WithBunny("2027-02-01"), "ada@example.org", null, writeFile: false, CancellationToken.None));
        var notice = (await MailAsync(smtp, Karin, "Changes to the sub-processors of Nordlys Analytics AS: you may object until 2027-01-31")).Single();
        Assert.Contains("on 2027-02-01", notice.TextBody, StringComparison.Ordinal);
    }
}
