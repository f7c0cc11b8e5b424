using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Disclosures;
using Vern.Features.Model;
using Vern.Features.Rights.Access;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using Vern.Tests.Newsletter;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Disclosures;

/// <summary>
/// The register of statutory disclosures: the privacy officer records a disclosure to a recipient of the definition for
/// people found in the vault; each person's access package lists it, unless a gag keeps it out until its review date or
/// its lifting; the register flags gags due for review; a recipient or category the definition does not name is refused,
/// and nothing is saved; only privacy officers open the register.
/// </summary>
public sealed class DisclosureTests
{
    private const string Officer = "po@nordlys.example";
    private const string Page = "/admin/disclosures/new";
    private const string Tax = "Skatteetaten (Norwegian Tax Administration)";
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_disclosure_appears_in_the_persons_access_package_and_a_gagged_one_only_after_its_review_date_or_its_lifting(Provider provider)
    {
        await using var smtp = new SmtpSink();
        var settings = NewsletterMailbox.Settings(smtp);
        // The test reminds the privacy officers itself, at the moments it chooses.
        settings["Disclosures:RunEvery"] = "365.00:00:00";
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var ola = await AddPersonAsync(app, "ola@example.no");
        var kari = await AddPersonAsync(app, "kari@example.no");

        var open = await RecordAsync(officer, Fields("SKE-2026-4411", "ola@example.no\nKari@example.no"));
        var gagged = await RecordAsync(officer, Fields("SKE-2026-5000", "ola@example.no", gagUntil: "2027-01-15"));
        var lifted = await RecordAsync(officer, Fields("SKE-2026-5001", "kari@example.no", gagUntil: "2027-03-01"));

        // Each person is linked by id, and each recording audited per person; no address is kept in the register.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(new[] { kari, ola }.Order(), (await db.DisclosurePersons.Where(p => p.DisclosureId == open).Select(p => p.SubjectId).ToListAsync()).Order());
            Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == "disclosure.recorded"));
            Assert.Equal(ola, await db.AuditEntries.Where(e => e.Details == $"disclosure {gagged}").Select(e => e.SubjectId).SingleAsync());
        }

        // Ola sees the open disclosure, with its recipient, date, categories and legal basis; not the gagged one, nor its audit entry.
        var package = await PackageAsync(app, ola);
        Assert.Contains("Recipients to whom your data has been disclosed", package, StringComparison.Ordinal);
        Assert.Contains(Tax, package, StringComparison.Ordinal);
        Assert.Contains("2026-12-07", package, StringComparison.Ordinal);
        Assert.Contains("Contact details, Contract and billing data", package, StringComparison.Ordinal);
        Assert.Contains("Skatteforvaltningsloven § 10-2 (SKE-2026-4411)", package, StringComparison.Ordinal);
        Assert.DoesNotContain("SKE-2026-5000", package, StringComparison.Ordinal);
        Assert.DoesNotContain("disclosure.recorded", package, StringComparison.Ordinal);

        // Kari's gag is lifted at once: she sees both of hers; the lifting is audited.
        using (var lift = await StaffSessions.PostFormFieldsAsync(officer, $"/admin/disclosures/{lifted}?handler=lift", [], tokenFrom: $"/admin/disclosures/{lifted}"))
            Assert.Equal(HttpStatusCode.Redirect, lift.StatusCode);
        package = await PackageAsync(app, kari);
        Assert.Contains("SKE-2026-4411", package, StringComparison.Ordinal);
        Assert.Contains("SKE-2026-5001", package, StringComparison.Ordinal);

        // The order still holds: the officer moves Ola's review date, with the reason; a date not after today is refused.
        var detail = $"/admin/disclosures/{gagged}";
        using (var refused = await StaffSessions.PostFormFieldsAsync(officer, detail + "?handler=extend", [new("ReviewOn", "2026-12-07"), new("Reason", "Investigation ongoing.")], tokenFrom: detail))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("id=\"reviewOn-error\">Give a review date after today.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var extended = await StaffSessions.PostFormFieldsAsync(officer, detail + "?handler=extend", [new("ReviewOn", "2027-02-01"), new("Reason", "The tax office confirmed the investigation continues.")], tokenFrom: detail))
            Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
        Assert.Contains("2027-02-01: The tax office confirmed the investigation continues.", WebUtility.HtmlDecode(await officer.GetStringAsync(detail)), StringComparison.Ordinal);

        // On the first review date the gag still holds; on the new one Ola sees it, and the register asks for a review.
        time.SetUtcNow(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain("SKE-2026-5000", await PackageAsync(app, ola), StringComparison.Ordinal);
        Assert.Equal(0, await RemindAsync(app));
        time.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Contains("SKE-2026-5000", await PackageAsync(app, ola), StringComparison.Ordinal);
        // The privacy officers are e-mailed on the review date, once.
        Assert.Equal(1, await RemindAsync(app));
        Assert.Equal(0, await RemindAsync(app));
        var reminder = (await NewsletterMailbox.MailAsync(smtp, Officer, $"The gag on the disclosure to {Tax} (SKE-2026-5000) is due for review")).Single();
        Assert.Contains($"/admin/disclosures/{gagged}", reminder.TextBody, StringComparison.Ordinal);
        using var later = await StaffSessions.SignInAsync(app, Officer, secret);
        var register = WebUtility.HtmlDecode(await later.GetStringAsync("/admin/disclosures"));
        Assert.Contains("Gags due for review", register, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/admin/disclosures/{gagged}\">{Tax}, SKE-2026-5000</a>: review due since 2027-02-01", register, StringComparison.Ordinal);
        Assert.DoesNotContain("SKE-2026-5001</a>", register, StringComparison.Ordinal);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(["disclosure.recorded", "disclosure.gag-extended"],
                await db.AuditEntries.Where(e => e.Details == $"disclosure {gagged}").OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
            Assert.Equal(kari, await db.AuditEntries.Where(e => e.Action == "disclosure.gag-lifted").Select(e => e.SubjectId).SingleAsync());
            // An erasure keeps the record, as evidence of the legal obligation, and says so.
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "disclosures");
            var erasure = await source.EraseAsync(new DataSubject(ola, "ola@example.no", []), CancellationToken.None);
            Assert.Equal(ErasureOutcome.Kept, erasure.Outcome);
            Assert.Contains("2 disclosure(s)", erasure.Detail, StringComparison.Ordinal);
        }
    }

    private static async Task<int> RemindAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DisclosureRegister>().RemindAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_recipient_or_category_the_definition_does_not_name_or_a_person_not_in_the_vault_is_refused_and_nothing_is_saved()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        await AddPersonAsync(app, "ola@example.no");

        var cases = new (List<KeyValuePair<string, string>> Fields, string Expected)[]
        {
            (Fields("INK-1", "ola@example.no", recipient: "debt-collector"),
                "id=\"recipientId-error\">'debt-collector' is not a recipient in the definition: name it among the definition's recipients first"),
            (Fields("SKE-1", "ola@example.no", category: "bank-secrets"), "id=\"categories-error\">'bank-secrets' is not a category of personal data in the definition."),
            (Fields("SKE-1", "nobody@example.no"), "id=\"persons-error\">Not found in the vault: nobody@example.no."),
            (Fields("SKE-1", "ola@example.no", gagUntil: ""), "id=\"gagReviewOn-error\">Required."),
            (Fields("SKE-1", "ola@example.no", disclosedOn: "2026-12-08"), "id=\"disclosedOn-error\">Give the day the data was disclosed, not later than today."),
            (Fields("", "ola@example.no"), "id=\"orderReference-error\">Required."),
        };
        foreach (var (fields, expected) in cases)
        {
            using var refused = await StaffSessions.PostFormFieldsAsync(officer, Page, fields, tokenFrom: Page);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(expected, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Disclosures.CountAsync());
        Assert.Equal(0, await db.DisclosurePersons.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("disclosure.")));
    }

    [Fact]
    public async Task Only_privacy_officers_open_or_post_to_the_register()
    {
        await using var app = await TestApp.StartAsync();
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        await AddPersonAsync(app, "ola@example.no");
        var id = await RecordAsync(officer, Fields("SKE-2026-4411", "ola@example.no", gagUntil: "2099-01-01"));
        Assert.Contains("Disclosure register", await officer.GetStringAsync("/admin/disclosures"), StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/disclosures\"", await officer.GetStringAsync("/admin"), StringComparison.Ordinal);

        foreach (var role in new[] { StaffRoles.Support, StaffRoles.Auditor, StaffRoles.Marketing, StaffRoles.AccountManager })
        {
            var email = $"{role}@nordlys.example";
            var roleSecret = await StaffSessions.CreateAsync(app, email, role, withAuthenticator: role == StaffRoles.Support);
            using var staff = await StaffSessions.SignInAsync(app, email, roleSecret);
            Assert.DoesNotContain("href=\"/admin/disclosures\"", await staff.GetStringAsync("/admin"), StringComparison.Ordinal);
            foreach (var path in new[] { "/admin/disclosures", Page, $"/admin/disclosures/{id}" })
            {
                using var page = await staff.GetAsync(path);
                Assert.True(page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location?.AbsolutePath == "/admin/denied", $"{role} {path}: {page.StatusCode} {page.Headers.Location}");
            }
            using (var posted = await StaffSessions.PostFormFieldsAsync(staff, Page, Fields("SKE-X", "ola@example.no"), tokenFrom: "/admin/incidents/report"))
                Assert.Equal("/admin/denied", posted.Headers.Location?.AbsolutePath);
            using (var lift = await StaffSessions.PostFormFieldsAsync(staff, $"/admin/disclosures/{id}?handler=lift", [], tokenFrom: "/admin/incidents/report"))
                Assert.Equal("/admin/denied", lift.Headers.Location?.AbsolutePath);
        }

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(1, await db.Disclosures.CountAsync());
        Assert.Null(await db.Disclosures.Select(d => d.GagLiftedAt).SingleAsync());
    }

    internal static List<KeyValuePair<string, string>> Fields(
        string order, string persons, string recipient = "tax-authorities", string? category = null, string? gagUntil = null, string disclosedOn = "2026-12-07")
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("RecipientId", recipient), new("Statute", "Skatteforvaltningsloven § 10-2"), new("OrderReference", order),
            new("DisclosedOn", disclosedOn), new("DocumentReference", "Archive 2026/318"),
            new("Categories", category ?? "contract-billing"), new("Categories", "contact-details"), new("Persons", persons),
        ];
        if (gagUntil is not null)
            fields.AddRange([new("Gagged", "true"), new("GagReviewOn", gagUntil), new("GagReason", "Skatteforvaltningsloven § 10-2 (3): the person may not be told while the control runs.")]);
        return fields;
    }

    internal static async Task<Guid> RecordAsync(HttpClient officer, List<KeyValuePair<string, string>> fields)
    {
        using var recorded = await StaffSessions.PostFormFieldsAsync(officer, Page, fields, tokenFrom: Page);
        Assert.True(recorded.StatusCode == HttpStatusCode.Redirect, await recorded.Content.ReadAsStringAsync());
        return Guid.Parse(recorded.Headers.Location!.OriginalString.Split('/', '?')[3]);
    }

    internal static async Task<Guid> AddPersonAsync(TestApp app, string email)
    {
        await using var scope = app.CreateScope();
        var subject = await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(new PersonalDetails(email, "Test Person"));
        await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        return subject.Id;
    }

    /// <summary>The person's access package as fulfilment builds it from every internal source: its <c>index.html</c> and CSV files.</summary>
    private static async Task<string> PackageAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        var services = scope.ServiceProvider;
        var subject = await DataSubjects.LoadAsync(services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(), subjectId, CancellationToken.None);
        var exports = new List<SourceExport>();
        foreach (var source in services.GetServices<IPersonalDataSource>().Where(s => !s.External))
            exports.Add(await source.ExportAsync(subject!, CancellationToken.None));
        var zip = await AccessPackageBuilder.BuildAsync(app.Get<ModelStore>().Current.Model, subject!, exports, services.GetRequiredService<TimeProvider>().GetUtcNow(), "en", portability: false);
        var entries = Unzip(zip);
        var text = new StringBuilder(WebUtility.HtmlDecode(Text(entries["index.html"])));
        foreach (var (name, content) in entries.Where(e => e.Key.StartsWith("csv/", StringComparison.Ordinal)))
            text.Append('\n').Append(name).Append('\n').Append(Text(content));
        return text.ToString();
    }
}
