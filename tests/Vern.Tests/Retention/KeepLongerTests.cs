using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Retention;

/// <summary>
/// Consent to keep longer: the shipped newsletter rule (30 days after unsubscribing) may be extended by a year for a
/// person who agreed to it, and no longer; withdrawn, the rule applies as written again.
/// </summary>
public sealed class KeepLongerTests
{
    private const string Rule = "newsletter-until-unsubscribed";

    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset SignedUp = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    // Both unsubscribe at 11:00 in Oslo on 20 April 2027: the rule's 30 days end on 20 May 2027, the year more on 20 May 2028.
    private static readonly DateTimeOffset Unsubscribed = new(2027, 4, 20, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Records_kept_with_the_consent_stay_on_the_rules_day_and_go_on_the_day_the_extension_ends_not_a_day_earlier(Provider provider)
    {
        var time = new FakeTimeProvider(SignedUp);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, "kari@example.no", "newsletter");
        var ola = await SubmitAsync(app, client, "ola@example.no", "newsletter", keepLonger: [Rule]);
        time.SetUtcNow(Unsubscribed);
        await UnsubscribeAsync(app, kari, ola);

        // 23:59 in Oslo on 19 May 2027, then just after midnight on 20 May: the rule's day.
        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 21, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "subjects")]);
        Assert.Equal([ola], await NewsletterOfAsync(app));

        // The last day of the year more, and the day after it.
        time.SetUtcNow(new DateTimeOffset(2028, 5, 19, 21, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.Equal([ola], await NewsletterOfAsync(app));
        time.SetUtcNow(new DateTimeOffset(2028, 5, 19, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "subjects")]);
        Assert.Empty(await NewsletterOfAsync(app));

        // The consent kept what it was given for and ended with it: it extends nothing the person sends later.
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var consent = await db.RetentionConsents.SingleAsync();
        Assert.Equal((ola, Rule), (consent.SubjectId, consent.Rule));
        Assert.Equal(SignedUp.UtcDateTime, consent.GivenAt);
        Assert.Equal(new DateTime(2028, 5, 19, 22, 1, 0, DateTimeKind.Utc), consent.EndedAt);
        Assert.Null(consent.WithdrawnAt);
        Assert.Equal(["retention-consent.given", "retention-consent.ended"],
            await db.AuditEntries.Where(e => e.SubjectId == ola && e.Action.StartsWith("retention-consent.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        // Unsubscribing is an objection to direct marketing, remembered for good: the person stays, with nothing left to send.
        Assert.NotNull(await RevealAsync(app, ola));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_withdraw_consent_request_withdraws_it_and_the_next_run_disposes_of_what_the_rule_already_would_have(Provider provider)
    {
        var time = new FakeTimeProvider(SignedUp);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var ola = await SubmitAsync(app, client, "ola@example.no", "newsletter", keepLonger: [Rule]);
        time.SetUtcNow(Unsubscribed);
        await UnsubscribeAsync(app, ola);
        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);

        // Ten days after the rule's day, the person withdraws every consent they gave, in Norwegian.
        time.SetUtcNow(new DateTimeOffset(2027, 5, 30, 8, 0, 0, TimeSpan.Zero));
        await WithdrawInNorwegianAsync(app, client, "ola@example.no");
        var done = await RequestFlow.WaitForMailAsync(app, "ola@example.no", "Forespørselen din er behandlet");
        Assert.Contains("Samtykket ditt til at vi lagrer opplysningene dine lenger enn lagringstiden i personvernerklæringen vår, er trukket tilbake", done.TextBody, StringComparison.Ordinal);
        await using (var scope = app.CreateScope())
        {
            var consent = await scope.ServiceProvider.GetRequiredService<AppDb>().RetentionConsents.SingleAsync();
            Assert.Equal(new DateTime(2027, 5, 30, 8, 0, 0, DateTimeKind.Utc), consent.WithdrawnAt);
        }

        time.SetUtcNow(new DateTimeOffset(2027, 5, 31, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "subjects")]);
        Assert.Empty(await NewsletterOfAsync(app));
    }

    [Fact]
    public async Task A_person_kept_only_by_the_consent_is_forgotten_when_the_extension_ends()
    {
        var time = new FakeTimeProvider(SignedUp);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        // A company that lets its contacts agree to six months more than the two years after the last contact.
        var yaml = ModelStore.DefaultYaml().Replace(
            "      en: Kept for 2 years after our last contact with you.\n      nb: Lagres i 2 år etter siste kontakt med deg.\n",
            "      en: Kept for 2 years after our last contact with you.\n      nb: Lagres i 2 år etter siste kontakt med deg.\n"
            + "    keepLonger:\n      period: P6M\n      purpose: { en: So that we can follow up the offer you asked for., nb: Slik at vi kan følge opp tilbudet du ba om. }\n",
            StringComparison.Ordinal);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(yaml, "test", "contacts may be kept longer", writeFile: false, CancellationToken.None));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, "kari@example.no", "customer-relationship", keepLonger: ["contacts-2-years"]);

        // Two years: the rule's day. Two and a half years less a day: still kept.
        time.SetUtcNow(new DateTimeOffset(2029, 1, 9, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(2029, 7, 9, 21, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.NotNull(await RevealAsync(app, kari));

        // 10 July 2029 in Oslo: the six months are up, and the consent keeps nothing of the person itself.
        time.SetUtcNow(new DateTimeOffset(2029, 7, 9, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Null(await RevealAsync(app, kari));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Empty(await db.RetentionConsents.ToListAsync());
        Assert.Equal(1, await db.ErasureLedger.CountAsync(e => e.SubjectId == kari && e.Sources == "retention:contacts-2-years"));
    }

    [Fact]
    public async Task A_definition_that_later_offers_more_time_does_not_stretch_a_consent_given_for_less()
    {
        var time = new FakeTimeProvider(SignedUp);
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var ola = await SubmitAsync(app, client, "ola@example.no", "newsletter", keepLonger: [Rule]);
        var longer = ModelStore.DefaultYaml().Replace("    keepLonger:\n      period: P1Y\n", "    keepLonger:\n      period: P5Y\n", StringComparison.Ordinal);
        Assert.NotEqual(ModelStore.DefaultYaml(), longer);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(longer, "test", "five years more", writeFile: false, CancellationToken.None));
        time.SetUtcNow(Unsubscribed);
        await UnsubscribeAsync(app, ola);

        // Ola agreed to one year, not five: until he agrees anew, the rule applies as written.
        time.SetUtcNow(new DateTimeOffset(2027, 5, 19, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[(Rule, "subjects")]);
        await using var scope = app.CreateScope();
        Assert.Equal("P1Y", (await scope.ServiceProvider.GetRequiredService<AppDb>().RetentionConsents.SingleAsync()).Period);
    }

    [Fact]
    public async Task Only_the_rule_of_the_submissions_purpose_that_allows_it_can_be_extended_and_anything_else_is_refused_naming_keepLonger()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        object[] refused =
        [
            // Another purpose's rule.
            new { form = "signup", purpose = "newsletter", email = "kari@example.no", keepLonger = new[] { "contacts-2-years" } },
            // The purpose's own rule, which offers no more time.
            new { form = "contact", purpose = "customer-relationship", email = "kari@example.no", keepLonger = new[] { "contacts-2-years" } },
            // No rule at all, beside the right one.
            new { form = "signup", purpose = "newsletter", email = "kari@example.no", keepLonger = new[] { Rule, "forever" } },
            // Not a list of rule ids.
            new { form = "signup", purpose = "newsletter", email = "kari@example.no", keepLonger = Rule },
        ];
        foreach (var body in refused)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/submissions", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("keepLonger", out _), problem.ToString());
        }

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(0, await db.Submissions.CountAsync());
            Assert.Equal(0, await db.RetentionConsents.CountAsync());
        }
        using var accepted = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "signup", purpose = "newsletter", email = "kari@example.no", keepLonger = new[] { Rule } });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await using var check = app.CreateScope();
        Assert.Equal(Rule, (await check.ServiceProvider.GetRequiredService<AppDb>().RetentionConsents.SingleAsync()).Rule);
    }

    [Fact]
    public async Task The_access_package_shows_the_consent_with_its_rule_when_it_was_given_and_until_when_and_the_policy_offers_it()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var ola = await SubmitAsync(app, client, "ola@example.no", "newsletter", keepLonger: [Rule]);
        // Unsubscribed at 11:00 in Oslo on 1 November 2026: 30 days, then a year more, make 1 December 2027.
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.Where(s => s.Id == ola)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.MarketingObjectionAt, new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc)));

        await RequestFlow.SubmitAndConfirmAsync(app, client, "access", "ola@example.no");
        var done = await RequestFlow.WaitForMailAsync(app, "ola@example.no", "Your privacy request is complete");
        using var zip = new ZipArchive(new MemoryStream(await RequestFlow.DownloadAsync(client, RequestFlow.DownloadLinkIn(done))));
        using var json = JsonDocument.Parse(zip.GetEntry("data.json")!.Open());

        var rows = json.RootElement.GetProperty("records").GetProperty("subjects").GetProperty("rows").EnumerateArray().ToList();
        var kept = Assert.Single(rows, r => r.GetProperty("record").GetString() == "keep-longer");
        Assert.Equal(Rule, kept.GetProperty("field").GetString());
        Assert.Equal("newsletter", kept.GetProperty("purpose").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", kept.GetProperty("at").GetString());
        Assert.Equal(
            "You agreed that we keep these records for up to 1 year longer than this rule says. Why: So that we can tell you once when something you asked us about is released, "
            + "even if you have unsubscribed from the newsletter by then. We keep them until 2027-12-01 at the latest, unless you withdraw this consent.",
            kept.GetProperty("value").GetString());
        var rule = Assert.Single(json.RootElement.GetProperty("retention").EnumerateArray(), r => r.GetProperty("rule").GetString() == Rule);
        Assert.Equal("P1Y", rule.GetProperty("keepLonger").GetProperty("period").GetString());
        using var page = new StreamReader(zip.GetEntry("index.html")!.Open());
        var html = await page.ReadToEndAsync();
        Assert.Contains("We keep them until 2027-12-01 at the latest", html, StringComparison.Ordinal);
        Assert.Contains("we keep this data for up to 1 year longer", html, StringComparison.Ordinal);

        // The published policy says the same: how much longer, why, and that it can be withdrawn.
        var policy = await client.GetStringAsync("/privacy/policy");
        Assert.Contains("If you agree to it, in a consent we ask for separately, we keep this data for up to 1 year longer. Why: So that we can tell you once", policy, StringComparison.Ordinal);
        Assert.Contains("You can withdraw that consent at any time", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_sign_up_offers_an_unticked_box_and_only_a_ticked_one_gives_the_consent()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient(cookies: new CookieContainer());
        var page = await client.GetStringAsync("/signup");
        Assert.Contains("<input id=\"keepLonger\" name=\"KeepLonger\" type=\"checkbox\" value=\"true\" aria-describedby=\"keep-longer-hint\">", page, StringComparison.Ordinal);
        Assert.Contains("Keep my details for up to 1 year longer after I unsubscribe (optional)", page, StringComparison.Ordinal);

        foreach (var (email, keepLonger) in new[] { ("grace@example.com", false), ("ada@example.com", true) })
        {
            var fields = new Dictionary<string, string>
            {
                ["Name"] = "Grace Hopper",
                ["Email"] = email,
                ["Company"] = "Compilers AS",
                ["Plan"] = "team",
                ["AcceptTerms"] = "true",
                ["News"] = "true",
            };
            if (keepLonger)
                fields["KeepLonger"] = "true";
            using var response = await StaffSessions.PostFormAsync(client, "/signup", fields);
            Assert.Contains("Thank you. We will e-mail you", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = app.CreateScope();
        var ada = await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync("ada@example.com");
        var consent = await scope.ServiceProvider.GetRequiredService<AppDb>().RetentionConsents.SingleAsync();
        Assert.Equal((ada, Rule), (consent.SubjectId, consent.Rule));
    }

    [Theory]
    [InlineData("      period: P1Y\n", "      period: a year\n", "retention[2].keepLonger.period", "'a year' is not a period")]
    [InlineData("        nb: Slik at vi kan gi deg beskjed én gang", "        xx: Slik at vi kan gi deg beskjed én gang", "retention[2].keepLonger.purpose", "needs a text in nb")]
    [InlineData("    startsAt: unsubscribed\n", "    startsAt: unsubscribed\n    carriedOutBy: Our newsletter service deletes them.\n", "retention[2].keepLonger", "carried out outside Vern")]
    public void The_definition_wants_a_period_a_purpose_in_every_language_and_a_rule_Vern_carries_out(string text, string replacement, string field, string message)
    {
        var yaml = ModelStore.DefaultYaml();
        Assert.Contains(text, yaml, StringComparison.Ordinal);
        var errors = ModelParser.Parse(yaml.Replace(text, replacement, StringComparison.Ordinal), "privacy-model.yaml").Errors;
        Assert.Contains(errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    private static async Task<Guid> SubmitAsync(TestApp app, HttpClient client, string email, string purpose, string[]? keepLonger = null)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "signup", purpose, email, keepLonger });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(email))!.Value;
    }

    /// <summary>Unsubscribing is an objection to direct marketing (Art. 21(3)), from now.</summary>
    private static async Task UnsubscribeAsync(TestApp app, params Guid[] subjects)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = app.Get<TimeProvider>().GetUtcNow().UtcDateTime;
        await db.Subjects.Where(s => subjects.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.MarketingObjectionAt, now));
    }

    /// <summary>The people whose newsletter submission is still kept.</summary>
    private static async Task<List<Guid>> NewsletterOfAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.Where(s => s.Purpose == "newsletter").Select(s => s.SubjectId).ToListAsync();
    }

    private static async Task WithdrawInNorwegianAsync(TestApp app, HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "withdraw-consent", email, language = "nb" });
        response.EnsureSuccessStatusCode();
        var mail = await RequestFlow.WaitForMailAsync(app, email, "Bekreft forespørselen din");
        var path = new Uri(RequestFlow.VerifyLinkIn(mail)).PathAndQuery;
        var token = Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var confirmed = await StaffSessions.PostFormAsync(client, path, new() { ["Token"] = token });
        Assert.True(confirmed.IsSuccessStatusCode, $"{confirmed.StatusCode}");
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    private static async Task<PersonalDetails?> RevealAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId, CancellationToken.None);
    }
}
