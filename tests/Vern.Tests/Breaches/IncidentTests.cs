using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Breaches;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Breaches;

/// <summary>
/// The breach register (Art. 33): anyone on the staff reports an incident; from the moment the company became aware of
/// it, the privacy officers are reminded at 24, 48 and 66 hours, each reminder once, over a real SMTP server; every
/// console page shows the deadline and flags it once passed; the notification to the authority holds every Art. 33(3)
/// field; a late notification needs its reasons; support and auditors read the register and cannot change it.
/// </summary>
public sealed class IncidentTests
{
    private const string Officer = "po@nordlys.example";
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_72_hours_run_from_awareness_with_reminders_at_24_48_and_66_hours_each_sent_once_and_an_overdue_incident_is_flagged(Provider provider)
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        // The test runs the reminders itself, at the moments it chooses.
        settings["Breaches:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer);
        await StaffSessions.CreateAsync(app, "mia@nordlys.example", StaffRoles.Marketing);
        using var marketing = await StaffSessions.SignInAsync(app, "mia@nordlys.example");

        // Marketing cannot open the register, but reports in three fields; we became aware of it half an hour ago.
        using (var register = await marketing.GetAsync("/admin/incidents"))
            Assert.Equal("/admin/denied", register.Headers.Location?.AbsolutePath);
        var id = await ReportAsync(marketing, "Newsletter export sent to the wrong agency", "2026-12-07T08:30");
        var harmless = await ReportAsync(marketing, "Laptop lost, disk encrypted", "2026-12-07T08:45");
        await using var scope = app.CreateScope();
        var incidents = scope.ServiceProvider.GetRequiredService<Incidents>();
        Assert.Empty(await incidents.AssessAsync(harmless, IncidentRisk.None, "Full-disk encryption, key not on the device.", Officer, CancellationToken.None));

        // Every console page, whoever reads it, shows the deadline of the incident awaiting notification, not the harmless one;
        // marketing, who cannot open the register, gets no link to a page that would turn them away.
        var overview = await marketing.GetStringAsync("/admin");
        Assert.Contains("notify Datatilsynet within 72 hours", overview, StringComparison.Ordinal);
        Assert.Contains("<li>Newsletter export sent to the wrong agency: 71 h left to notify (deadline 2026-12-10 08:30 UTC)", overview, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/admin/incidents/{id}\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("Laptop lost", overview, StringComparison.Ordinal);
        // Support, who reads the register, follows the title to the incident.
        var supportSecret = await StaffSessions.CreateAsync(app, "sam@nordlys.example", StaffRoles.Support, withAuthenticator: true);
        using (var support = await StaffSessions.SignInAsync(app, "sam@nordlys.example", supportSecret))
            Assert.Contains($"<a href=\"/admin/incidents/{id}\">Newsletter export sent to the wrong agency</a>: 71 h left to notify", await support.GetStringAsync("/admin"), StringComparison.Ordinal);

        const string Title = "Newsletter export sent to the wrong agency";
        Task<int> At(double hours)
        {
            time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero).AddHours(hours));
            return incidents.RemindAsync(CancellationToken.None);
        }
        Assert.Equal(0, await At(23.9));
        Assert.Equal(1, await At(24));
        Assert.Equal(0, await At(24.5));
        var first = (await MailAsync(smtp, Officer, $"48 hours left to notify the breach \"{Title}\"")).Single();
        Assert.Contains("Notify Datatilsynet by: 2026-12-10 08:30 UTC (48 hours left)", first.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/admin/incidents/{id}", first.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await At(48));
        Assert.Equal(1, await At(66.2));
        Assert.Equal(0, await At(70));
        Assert.Single(await MailAsync(smtp, Officer, $"24 hours left to notify the breach \"{Title}\""));
        Assert.Single(await MailAsync(smtp, Officer, $"5 hours left to notify the breach \"{Title}\""));
        Assert.Equal(3, smtp.Messages.Count);

        // Past the 72 hours (and the day's session): flagged on every page.
        time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero));
        using var later = await StaffSessions.SignInAsync(app, "mia@nordlys.example");
        Assert.Contains("<li class=\"error\">Newsletter export sent to the wrong agency: overdue by 2 h", await later.GetStringAsync("/admin"), StringComparison.Ordinal);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var steps = await db.IncidentEvents.Where(e => e.IncidentId == id).OrderBy(e => e.Id).Select(e => e.Step).ToListAsync();
        Assert.Equal([IncidentStep.Reported, IncidentStep.Reminded, IncidentStep.Reminded, IncidentStep.Reminded], steps);
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Details!.StartsWith($"incident {id}:")));

        // Notified, late, with its reasons: the warning is gone and no reminder follows.
        Assert.Empty(await incidents.RecordNoticeAsync(id, null, "Altinn form, reference AR-1138", "The agency confirmed the deletion only on day 3.", Officer, CancellationToken.None));
        Assert.DoesNotContain("within 72 hours", await later.GetStringAsync("/admin"), StringComparison.Ordinal);
        Assert.Equal(0, await At(80));
    }

    [Fact]
    public async Task The_notification_to_the_authority_holds_every_Article_33_3_field_and_a_late_one_its_reasons()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var supportSecret = await StaffSessions.CreateAsync(app, "sam@nordlys.example", StaffRoles.Support, withAuthenticator: true);
        var id = await ReportAsync(officer, "Subscriber list readable without sign-in", "2026-12-07T07:00");
        var page = $"/admin/incidents/{id}";

        // A number that is not one is refused, naming it, and nothing is saved.
        using (var refused = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=save", Details("lots"), tokenFrom: page))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("id=\"save-approximateSubjects-error\">A whole number from 0 to 100000000.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var saved = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=save", Details("1200"), tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using (var assessed = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=assess",
                   [new("Risk", "Risk"), new("Reasoning", "Addresses only, no passwords; phishing is possible.")], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, assessed.StatusCode);

        var notice = WebUtility.HtmlDecode(await officer.GetStringAsync(page + "/notice"));
        foreach (var expected in new[]
                 {
                     "To: <strong>Datatilsynet</strong>", "Postboks 458 Sentrum", "Nordlys Analytics AS", "923 456 789", "privacy@nordlys.example",
                     // (a) nature, categories and approximate numbers of people and records
                     "The subscriber export endpoint answered without a session for 40 minutes.", "Consent records, Contact details",
                     "Newsletter subscribers", "<dd>1200</dd>", "<dd>3400</dd>",
                     // (b) the contact point, (c) the likely consequences, (d) the measures taken and proposed
                     "Chief Technology Officer, privacy@nordlys.example", "Targeted phishing e-mails.", "The endpoint now requires a session.",
                     "Warn subscribers about phishing.",
                     "2026-12-07 07:00 UTC", "2026-12-07 06:20 UTC", "Deadline (72 hours after awareness)</dt><dd>2026-12-10 07:00 UTC",
                     "a risk: Addresses only, no passwords; phishing is possible.", "not yet submitted",
                 })
            Assert.Contains(expected, notice, StringComparison.Ordinal);

        // Support reads the register and the notice, and changes nothing.
        using var support = await StaffSessions.SignInAsync(app, "sam@nordlys.example", supportSecret);
        Assert.Contains("Subscriber list readable without sign-in", await support.GetStringAsync("/admin/incidents"), StringComparison.Ordinal);
        using (var forbidden = await StaffSessions.PostFormFieldsAsync(support, page + "?handler=close", [], tokenFrom: "/admin/incidents/report"))
            Assert.True(forbidden.StatusCode == HttpStatusCode.Redirect && forbidden.Headers.Location!.OriginalString.Contains("/admin/denied", StringComparison.Ordinal), $"{forbidden.StatusCode} {forbidden.Headers.Location}");

        // Four days later: the notification needs its reasons for the delay, and says them.
        time.Advance(TimeSpan.FromDays(4));
        using var again = await StaffSessions.SignInAsync(app, Officer, secret);
        using (var late = await StaffSessions.PostFormFieldsAsync(again, page + "?handler=notify", [new("NotifiedAt", "2026-12-11T08:00"), new("How", "Altinn, AR-2207")], tokenFrom: page))
        {
            Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
            Assert.Contains("id=\"notify-delayReason-error\">Required.", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var notified = await StaffSessions.PostFormFieldsAsync(again, page + "?handler=notify",
                   [new("NotifiedAt", "2026-12-11T08:00"), new("How", "Altinn, AR-2207"), new("DelayReason", "The scope was known only after the log review.")], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, notified.StatusCode);
        using (var followUp = await StaffSessions.PostFormFieldsAsync(again, page + "?handler=followUp", [new("FollowUp", "Sent the log review's final figures.")], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, followUp.StatusCode);
        using (var closed = await StaffSessions.PostFormFieldsAsync(again, page + "?handler=close", [], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        notice = WebUtility.HtmlDecode(await again.GetStringAsync(page + "/notice"));
        Assert.Contains("2026-12-11 08:00 UTC (Altinn, AR-2207)", notice, StringComparison.Ordinal);
        Assert.Contains("Reasons for the delay</dt><dd>The scope was known only after the log review.", notice, StringComparison.Ordinal);
        Assert.Contains("Sent the log review's final figures.", notice, StringComparison.Ordinal);
        var register = WebUtility.HtmlDecode(await again.GetStringAsync("/admin/incidents?year=2026"));
        Assert.Contains("Notified to the authority</dt><dd>1, 0 of them within 72 hours", register, StringComparison.Ordinal);
        Assert.Contains("notified late, 2026-12-11 08:00 UTC", register, StringComparison.Ordinal);
        var timeline = WebUtility.HtmlDecode(await again.GetStringAsync(page));
        Assert.Contains("Changed: nature, time it happened, categories of data, categories of people, approximate number of people, approximate number of records, likely consequences, measures taken, measures proposed.", timeline, StringComparison.Ordinal);
        Assert.Contains("Closed.", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_processor_each_customer_whose_data_was_touched_is_told_within_the_agreements_24_hours_and_a_late_notice_says_so()
    {
        await using var smtp = new SmtpSink();
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await Customers.AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", "karin@lindqvist.example");
        await Customers.AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var id = await ReportAsync(officer, "Product event store readable by another tenant", "2026-12-07T07:00");
        var page = $"/admin/incidents/{id}";
        var html = await officer.GetStringAsync(page);
        Assert.Contains("by <strong>2026-12-08 07:00 UTC</strong>", html, StringComparison.Ordinal);
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "name=\"Customers\" value=\"([0-9a-f-]+)\"[^>]*> ([^<]+)</label>")
            .ToDictionary(m => m.Groups[2].Value.Trim(), m => m.Groups[1].Value);

        using (var none = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=notifyCustomers", [], tokenFrom: page))
        {
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
            Assert.Contains("Choose the customers whose data the incident touched.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Three hours after awareness, Lindqvist's contact is told what is known so far; Fjord's is not.
        time.Advance(TimeSpan.FromHours(1));
        using (var told = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=notifyCustomers", [new("Customers", ids["Lindqvist Retail AB"])], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, told.StatusCode);
        var notice = (await MailAsync(smtp, "karin@lindqvist.example", "Personal data breach at Nordlys Analytics AS affecting the data of Lindqvist Retail AB")).Single();
        Assert.Contains("We became aware of it at 2026-12-07 07:00 UTC.", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("What happened: Reported from the console.", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Approximate number of people: not known yet; we will tell you as soon as we know", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Contact point for more information: Chief Technology Officer, privacy@nordlys.example", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages, m => m.To.Contains("siri@fjordbikes.example"));
        html = WebUtility.HtmlDecode(await officer.GetStringAsync(page));
        Assert.Contains("Lindqvist Retail AB: 1 contact told at 2026-12-07 10:00 UTC by po@nordlys.example, in time.", html, StringComparison.Ordinal);
        Assert.Contains("Customers notified, within the agreements' 24 hours: Lindqvist Retail AB (1 told).", html, StringComparison.Ordinal);

        // Fjord is found to be touched too, a day and a half after awareness: told, and recorded as late.
        time.Advance(TimeSpan.FromHours(33));
        using var again = await StaffSessions.SignInAsync(app, Officer, secret);
        using (var late = await StaffSessions.PostFormFieldsAsync(again, page + "?handler=notifyCustomers", [new("Customers", ids["Fjord Bikes AS"])], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Single(await MailAsync(smtp, "siri@fjordbikes.example", "Personal data breach at Nordlys Analytics AS affecting the data of Fjord Bikes AS"));
        html = WebUtility.HtmlDecode(await again.GetStringAsync(page));
        Assert.Contains("Fjord Bikes AS: 1 contact told at 2026-12-08 19:00 UTC by po@nordlys.example, late.", html, StringComparison.Ordinal);
        Assert.Contains("Customers notified, later than the agreements' 24 hours: Fjord Bikes AS (1 told).", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_high_risk_breach_is_told_to_each_person_in_their_language_once_and_support_cannot_see_who()
    {
        await using var smtp = new SmtpSink();
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(settings: Settings(smtp), configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var ada = await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await TestSubjects.AddAsync(app, new("ola@example.no", "Ola Nordmann"));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var supportSecret = await StaffSessions.CreateAsync(app, "sam@nordlys.example", StaffRoles.Support, withAuthenticator: true);
        using var support = await StaffSessions.SignInAsync(app, "sam@nordlys.example", supportSecret);
        var id = await ReportAsync(officer, "Password reset tokens in a public log", "2026-12-07T08:00");
        var incident = $"/admin/incidents/{id}";
        var people = incident + "/people";
        await AssessAsync(officer, incident, "Risk");

        using (var unknown = await StaffSessions.PostFormFieldsAsync(officer, people + "?handler=add", [new("Email", "nobody@example.com"), new("Language", "en")], tokenFrom: people))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("No one with that e-mail address is in the vault.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var (email, language) in new[] { ("ada@example.com", "en"), ("ola@example.no", "nb") })
            using (var added = await StaffSessions.PostFormFieldsAsync(officer, people + "?handler=add", [new("Email", email), new("Language", language)], tokenFrom: people))
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        List<KeyValuePair<string, string>> words =
        [
            new("Happened[en]", "Links to reset your password were written to a log others could read."), new("ToDo[en]", "Change your password today."),
            new("Happened[nb]", "Lenker for å nullstille passordet ble skrevet til en logg andre kunne lese."),
        ];
        using (var notHigh = await StaffSessions.PostFormFieldsAsync(officer, people + "?handler=notify", words, tokenFrom: people))
        {
            var page = WebUtility.HtmlDecode(await notHigh.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, notHigh.StatusCode);
            Assert.Contains("Only an incident assessed as a high risk is told to the people affected (Art. 34).", page, StringComparison.Ordinal);
            Assert.Contains("id=\"notify-todo-nb-error\">Påkrevd.", page, StringComparison.Ordinal);
        }
        Assert.Empty(smtp.Messages);

        await AssessAsync(officer, incident, "HighRisk");
        using (var sent = await StaffSessions.PostFormFieldsAsync(officer, people + "?handler=notify", [.. words, new("ToDo[nb]", "Bytt passord i dag.")], tokenFrom: people))
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var english = (await MailAsync(smtp, "ada@example.com", "Nordlys Analytics AS: a security incident affecting your personal data")).Single();
        Assert.Contains("What you can do:\nChange your password today.", english.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var norwegian = (await MailAsync(smtp, "ola@example.no", "Nordlys Analytics AS: en sikkerhetshendelse som berører personopplysningene dine")).Single();
        Assert.Contains("Hva du kan gjøre:\nBytt passord i dag.", norwegian.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // Once each: a second send finds no one left to tell.
        using (var again = await StaffSessions.PostFormFieldsAsync(officer, people + "?handler=notify", [.. words, new("ToDo[nb]", "Bytt passord i dag.")], tokenFrom: people))
            Assert.Contains("Everyone listed has been told already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, smtp.Messages.Count);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "incident.person-notified" && e.SubjectId == ada));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "incident.people-viewed" && e.Actor == Officer));
        Assert.Contains("2 people told of the breach (Art. 34).", WebUtility.HtmlDecode(await officer.GetStringAsync(incident)), StringComparison.Ordinal);

        // Support reads the incident but not who was affected.
        var shown = await support.GetStringAsync(incident);
        Assert.DoesNotContain("ada@example.com", shown, StringComparison.Ordinal);
        using (var list = await support.GetAsync(people))
            Assert.Equal("/admin/denied", list.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_affected_systems_fill_what_the_officer_left_empty_from_the_definition_and_Vern_s_counts_and_are_recorded(Provider provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await TestSubjects.AddAsync(app, TestSubjects.Ada);
        await Customers.AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", "karin@lindqvist.example");
        await Customers.AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var id = await ReportAsync(officer, "CRM backup on a public bucket", "2026-12-07T08:00");
        var page = $"/admin/incidents/{id}";
        List<KeyValuePair<string, string>> form =
        [
            new("Form.Title", "CRM backup on a public bucket"), new("Form.Nature", "A backup of the vault and the customer contacts was public for a day."),
            new("Form.AwareAt", "2026-12-07T08:00"), new("Form.ContactPoint", "privacy@nordlys.example"),
            new("Form.Stores", "subjects"), new("Form.Stores", "customer-contacts"), new("Form.ApproximateRecords", "5"),
        ];

        // A system Vern does not know is refused, naming the field.
        using (var unknown = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=fill", [.. form, new("Form.Recipients", "dropbox")], tokenFrom: page))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("id=\"save-systems-error\" role=\"alert\">&#x27;dropbox&#x27; is not one of", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Filling: the categories the stores hold, the people they hold them of, each person counted once (Ada, and the two
        // customers' contacts, who are in the vault too); the number of records the officer typed is kept; nothing is saved.
        using (var filled = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=fill", form, tokenFrom: page))
        {
            var html = WebUtility.HtmlDecode(await filled.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
            Assert.Contains("Filled from the affected systems: categories of data, categories of people, approximate number of people. Check them, then save.", html, StringComparison.Ordinal);
            bool Ticked(string name, string value) => html.Contains($"name=\"{name}\" value=\"{value}\" checked=\"checked\"", StringComparison.Ordinal);
            Assert.True(Ticked("Form.Categories", "contact-details"));
            Assert.True(Ticked("Form.Categories", "online-identifiers"));
            Assert.False(Ticked("Form.Categories", "product-usage"));
            Assert.True(Ticked("Form.SubjectKinds", "customer-contacts"));
            Assert.False(Ticked("Form.SubjectKinds", "product-users"));
            Assert.Contains("name=\"Form.ApproximateSubjects\" inputmode=\"numeric\" value=\"3\"", html, StringComparison.Ordinal);
            Assert.Contains("name=\"Form.ApproximateRecords\" inputmode=\"numeric\" value=\"5\"", html, StringComparison.Ordinal);
            Assert.Contains("A backup of the vault and the customer contacts was public for a day.", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Changed:", WebUtility.HtmlDecode(await officer.GetStringAsync(page)), StringComparison.Ordinal);

        // A recipient suggests what the definition's purposes send it; saved, the systems are on the incident and in its timeline.
        using (var filled = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=fill",
                   [.. form.Where(f => f.Key != "Form.Stores"), new("Form.Recipients", "accountant")], tokenFrom: page))
        {
            var html = WebUtility.HtmlDecode(await filled.Content.ReadAsStringAsync());
            Assert.Contains("name=\"Form.Categories\" value=\"contract-billing\" checked=\"checked\"", html, StringComparison.Ordinal);
            Assert.Contains("Filled from the affected systems: categories of data, categories of people. Check them, then save.", html, StringComparison.Ordinal);
        }
        using (var saved = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=save", [.. form, new("Form.Recipients", "hetzner")], tokenFrom: page))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var timeline = WebUtility.HtmlDecode(await officer.GetStringAsync(page));
        Assert.Contains("Affected systems: Vern's vault of people (contact details and form submissions), Vern's customer contacts, Hetzner Online GmbH.", timeline, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var incident = await db.Incidents.SingleAsync(i => i.Id == id);
        Assert.Equal(["customer-contacts", "subjects"], incident.AffectedStores);
        Assert.Equal(["hetzner"], incident.AffectedRecipients);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "incident.updated" && e.Details!.Contains("Affected systems:")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Customers_not_told_are_shown_on_every_page_and_the_officers_reminded_at_12_and_22_hours_once_each(Provider provider)
    {
        await using var smtp = new SmtpSink();
        var settings = Settings(smtp);
        settings["Breaches:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        var lindqvist = await Customers.AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", "karin@lindqvist.example");
        var fjord = await Customers.AgreementTests.AddCustomerAsync(app, "Fjord Bikes AS", "Siri Fjord", "siri@fjordbikes.example");
        await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer);
        await StaffSessions.CreateAsync(app, "mia@nordlys.example", StaffRoles.Marketing);
        using var marketing = await StaffSessions.SignInAsync(app, "mia@nordlys.example");
        const string Title = "Product event store readable by another tenant";
        var id = await ReportAsync(marketing, Title, "2026-12-07T09:00");
        await using var scope = app.CreateScope();
        var incidents = scope.ServiceProvider.GetRequiredService<Incidents>();
        var notices = scope.ServiceProvider.GetRequiredService<CustomerBreachNotices>();
        const string Heading = "tell the customers whose data it touched within 24 hours";

        // Until the product's data is marked as touched, nothing is said of customers.
        Assert.DoesNotContain(Heading, await marketing.GetStringAsync("/admin"), StringComparison.Ordinal);
        var incident = (await incidents.FindAsync(id, CancellationToken.None))!;
        Assert.Empty(await incidents.UpdateAsync(id, new IncidentDetails(incident.Title, incident.Nature, incident.AwareAt, null, [], [], null, null, incident.ContactPoint, null, null, null,
            new IncidentSystems([], [], ["analytics-product"])), Officer, CancellationToken.None));
        var overview = await marketing.GetStringAsync("/admin");
        Assert.Contains(Heading, overview, StringComparison.Ordinal);
        Assert.Contains($"<li>{Title}: 24 h left to tell 2 customers (deadline 2026-12-08 09:00 UTC).", overview, StringComparison.Ordinal);

        Task<int> At(double hours)
        {
            time.SetUtcNow(Start.AddHours(hours));
            return notices.RemindAsync(CancellationToken.None);
        }
        Assert.Equal(0, await At(11.9));
        Assert.Equal(1, await At(12));
        Assert.Equal(0, await At(12.5));
        var first = (await MailAsync(smtp, Officer, $"12 hours left to tell customers of the breach \"{Title}\"")).Single();
        Assert.Contains("2 customers have not been told yet", first.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tell them by: 2026-12-08 09:00 UTC, the agreements' 24 hours after awareness (12 hours left)", first.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/admin/incidents/{id}", first.TextBody, StringComparison.Ordinal);

        // One customer told: the warning counts the other, and the last reminder comes two hours before the deadline.
        Assert.Empty(await notices.NotifyAsync(id, [lindqvist], Officer, CancellationToken.None));
        Assert.Equal(1, await At(22.1));
        Assert.Equal(0, await At(23));
        var last = (await MailAsync(smtp, Officer, $"1 hours left to tell customers of the breach \"{Title}\"")).Single();
        Assert.Contains("1 customers have not been told yet", last.TextBody, StringComparison.Ordinal);
        using var later = await StaffSessions.SignInAsync(app, "mia@nordlys.example");
        Assert.Contains($"<li>{Title}: 1 h left to tell 1 customers", await later.GetStringAsync("/admin"), StringComparison.Ordinal);
        time.SetUtcNow(Start.AddHours(25));
        Assert.Contains($"<li class=\"error\">{Title}: overdue by 1 h, 1 customers not told", await later.GetStringAsync("/admin"), StringComparison.Ordinal);
        Assert.Equal(0, await At(30));

        // Everyone told: the warning goes.
        Assert.Empty(await notices.NotifyAsync(id, [fjord], Officer, CancellationToken.None));
        Assert.DoesNotContain(Heading, await later.GetStringAsync("/admin"), StringComparison.Ordinal);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(2, await db.IncidentEvents.CountAsync(e => e.IncidentId == id && e.Step == IncidentStep.CustomersReminded));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "incident.customersreminded"));
    }

    private static async Task AssessAsync(HttpClient officer, string page, string risk)
    {
        using var assessed = await StaffSessions.PostFormFieldsAsync(officer, page + "?handler=assess", [new("Risk", risk), new("Reasoning", "Accounts could be taken over.")], tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, assessed.StatusCode);
    }

    private static List<KeyValuePair<string, string>> Details(string people) =>
    [
        new("Form.Title", "Subscriber list readable without sign-in"),
        new("Form.Nature", "The subscriber export endpoint answered without a session for 40 minutes."),
        new("Form.AwareAt", "2026-12-07T07:00"), new("Form.OccurredAt", "2026-12-07T06:20"),
        new("Form.Categories", "contact-details"), new("Form.Categories", "consent-records"), new("Form.SubjectKinds", "newsletter-subscribers"),
        new("Form.ApproximateSubjects", people), new("Form.ApproximateRecords", "3400"),
        new("Form.ContactPoint", "Chief Technology Officer, privacy@nordlys.example"),
        new("Form.Consequences", "Targeted phishing e-mails."), new("Form.MeasuresTaken", "The endpoint now requires a session."),
        new("Form.MeasuresProposed", "Warn subscribers about phishing."),
    ];

    internal static async Task<Guid> ReportAsync(HttpClient staff, string title, string awareAt)
    {
        using var reported = await StaffSessions.PostFormFieldsAsync(staff, "/admin/incidents/report",
            [new("Title", title), new("Nature", "Reported from the console."), new("AwareAt", awareAt)]);
        Assert.True(reported.StatusCode == HttpStatusCode.Redirect, await reported.Content.ReadAsStringAsync());
        return Guid.Parse(reported.Headers.Location!.OriginalString.Split("reported=")[1]);
    }
}
