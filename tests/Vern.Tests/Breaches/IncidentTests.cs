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

        // Every console page, whoever reads it, shows the deadline of the incident awaiting notification, not the harmless one.
        var overview = await marketing.GetStringAsync("/admin");
        Assert.Contains("notify Datatilsynet within 72 hours", overview, StringComparison.Ordinal);
        Assert.Contains("Newsletter export sent to the wrong agency</a>: 71 h left to notify (deadline 2026-12-10 08:30 UTC)", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("Laptop lost", overview, StringComparison.Ordinal);

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
        Assert.Contains("<li class=\"error\"><a href=\"/admin/incidents/" + id + "\">Newsletter export sent to the wrong agency</a>: overdue by 2 h", await later.GetStringAsync("/admin"), StringComparison.Ordinal);
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
