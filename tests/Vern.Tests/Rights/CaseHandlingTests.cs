using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed class CaseHandlingTests
{
    private const string Officer = "olga@example.com";
    private const string Support = "sam@example.com";

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private static async Task<(TestApp App, FakeTimeProvider Clock, string Secret)> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, Provider provider = Provider.Sqlite)
    {
        var clock = new FakeTimeProvider(now);
        // These cases are handled by staff; the background fulfilment would complete verified ones under the test.
        settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Vern:Rights:Fulfilment:Enabled"] = "false" };
        var app = await TestApp.StartAsync(provider, settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        await StaffSessions.CreateAsync(app, Support, StaffRoles.Support);
        return (app, clock, secret!);
    }

    // Sign in anew after moving the clock: the session cookie lasts eight hours of the app's time.
    private static Task<HttpClient> OfficerAsync(TestApp app, string secret) => StaffSessions.SignInAsync(app, Officer, secret);

    private static async Task<Guid> LogAsync(HttpClient officer, string type, string email, string receivedOn, string channel = "letter", bool verified = true)
    {
        var fields = new Dictionary<string, string> { ["Type"] = type, ["Email"] = email, ["Channel"] = channel, ["ReceivedOn"] = receivedOn, ["Details"] = "Everything about my account." };
        if (verified)
        {
            fields["IdentityVerified"] = "true";
            fields["VerificationNote"] = "Signed letter matching the customer record";
        }
        var response = await StaffSessions.PostFormAsync(officer, "/admin/requests/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/requests/", location, StringComparison.Ordinal);
        Assert.EndsWith("?done=logged", location, StringComparison.Ordinal);
        return Guid.Parse(location["/admin/requests/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
    }

    // The forms sit on the case page; a closed case or a role that may not act has none, so the token then comes from elsewhere.
    private static Task<HttpResponseMessage> ExtendAsync(HttpClient client, Guid id, int months, string reason, string? tokenFrom = null) =>
        StaffSessions.PostFormAsync(client, $"/admin/requests/{id}/extend", new() { ["Months"] = months.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = reason }, tokenFrom ?? $"/admin/requests/{id}");

    private static Task<HttpResponseMessage> RefuseAsync(HttpClient client, Guid id, string reason, string? tokenFrom = null) =>
        StaffSessions.PostFormAsync(client, $"/admin/requests/{id}/refuse", new() { ["Reason"] = reason }, tokenFrom ?? $"/admin/requests/{id}");

    private static async Task<List<MimeMessage>> OutboxAsync(TestApp app)
    {
        var outbox = Path.Combine(app.DataDirectory, "outbox");
        var messages = new List<MimeMessage>();
        if (Directory.Exists(outbox))
            foreach (var file in Directory.GetFiles(outbox, "*.eml").Order(StringComparer.Ordinal))
                messages.Add(await MimeMessage.LoadAsync(file));
        return messages;
    }

    private static async Task<RightsRequest> RequestAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static async Task<List<RequestMessage>> MessagesAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().RequestMessages.AsNoTracking().Where(m => m.RequestId == id).OrderBy(m => m.SentAt).ToListAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        var key = id.ToString();
        var entries = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        return [.. entries.Where(e => e.Details?.Contains(key, StringComparison.Ordinal) == true)];
    }

    [Theory]
    [InlineData("2027-01-31", 2027, 2, 10, "2027-02-28")]
    [InlineData("2028-01-31", 2028, 2, 10, "2028-02-29")]
    public async Task A_logged_request_is_due_one_calendar_month_after_its_date_of_receipt(string receivedOn, int year, int month, int day, string due)
    {
        var (app, _, secret) = await StartAsync(Utc(year, month, day));
        await using var _app = app;
        using var officer = await OfficerAsync(app, secret);

        var id = await LogAsync(officer, "access", "letter.writer@example.no", receivedOn, verified: false);

        var request = await RequestAsync(app, id);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), request.DueDate);
        Assert.Equal("letter", request.Channel.ToWire());
        Assert.Equal(RightsRequestStatus.AwaitingVerification, request.Status);
        await using (var scope = app.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(Officer);
            Assert.Equal(user!.Id, request.LoggedBy);
        }
        // Received at the start of that day in Oslo, which is 23:00 UTC the evening before in winter.
        Assert.Equal(DateOnly.Parse(receivedOn, System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToDateTime(new TimeOnly(23, 0)), request.ReceivedAt);
        var mail = Assert.Single(await OutboxAsync(app));
        Assert.Equal("letter.writer@example.no", mail.To.Mailboxes.Single().Address);
        Assert.Contains("/privacy/requests/verify?token=", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(RequestMessageKind.Verification, Assert.Single(await MessagesAsync(app, id)).Kind);
        var logged = Assert.Single(await AuditAsync(app, id));
        Assert.Equal(("rights-request.logged", Officer), (logged.Action, logged.Actor));

        var page = await officer.GetStringAsync($"/admin/requests/{id}");
        Assert.Contains(due, page, StringComparison.Ordinal);
        Assert.Contains("rights-request.logged", page, StringComparison.Ordinal);
        Assert.Contains("e-mail sent: verification", page, StringComparison.Ordinal);
        Assert.DoesNotContain("letter.writer@example.no", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Everything about my account", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_whose_identity_staff_verified_needs_a_note_and_sends_no_link()
    {
        var (app, _, secret) = await StartAsync(Utc(2027, 3, 10));
        await using var _app = app;
        using var officer = await OfficerAsync(app, secret);

        var noNote = await StaffSessions.PostFormAsync(officer, "/admin/requests/new", new()
        {
            ["Type"] = "erasure",
            ["Email"] = "caller@example.no",
            ["Channel"] = "phone",
            ["ReceivedOn"] = "2027-03-09",
            ["IdentityVerified"] = "true",
        });
        Assert.Contains("Say how you verified the person&#x27;s identity", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var future = await StaffSessions.PostFormAsync(officer, "/admin/requests/new", new()
        {
            ["Type"] = "erasure",
            ["Email"] = "caller@example.no",
            ["Channel"] = "phone",
            ["ReceivedOn"] = "2027-03-11",
        });
        Assert.Contains("cannot be in the future", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await LogAsync(officer, "erasure", "caller@example.no", "2027-03-09", channel: "phone");

        var request = await RequestAsync(app, id);
        Assert.Equal(RightsRequestStatus.Verified, request.Status);
        Assert.Null(request.VerificationHash);
        Assert.Empty(await OutboxAsync(app));
        var audit = await AuditAsync(app, id);
        Assert.Equal(["rights-request.logged", "rights-request.verified"], audit.Select(e => e.Action));
        Assert.Equal("Signed letter matching the customer record", audit[1].Reason);
    }

    [Fact]
    public async Task An_extension_before_the_original_due_date_sets_the_new_date_and_tells_the_person_why()
    {
        var (app, _, secret) = await StartAsync(Utc(2027, 2, 20));
        await using var _app = app;
        using var officer = await OfficerAsync(app, secret);
        var id = await LogAsync(officer, "access", "patient.person@example.no", "2027-01-31");

        var response = await ExtendAsync(officer, id, 2, "Your account spans three systems we must search one by one.");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/requests/{id}?done=extended", response.Headers.Location!.OriginalString);
        var request = await RequestAsync(app, id);
        Assert.Equal(new DateOnly(2027, 2, 28), request.DueDate);
        Assert.Equal(new DateOnly(2027, 4, 30), request.ExtendedDueDate);
        Assert.Equal("Your account spans three systems we must search one by one.", request.ExtensionReason);
        var mail = Assert.Single(await OutboxAsync(app));
        Assert.Equal("patient.person@example.no", mail.To.Mailboxes.Single().Address);
        Assert.Contains("30 April 2027", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("28 February 2027", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("three systems we must search", mail.TextBody, StringComparison.Ordinal);
        var message = Assert.Single(await MessagesAsync(app, id));
        Assert.Equal((RequestMessageKind.Extension, mail.Subject), (message.Kind, message.Subject));
        var extended = Assert.Single(await AuditAsync(app, id), e => e.Action == "rights-request.extended");
        Assert.Equal(Officer, extended.Actor);

        var page = await officer.GetStringAsync($"/admin/requests/{id}?done=extended");
        Assert.Contains("2027-04-30", page, StringComparison.Ordinal);
        Assert.Contains("e-mail sent: extension", page, StringComparison.Ordinal);
        var again = await ExtendAsync(officer, id, 1, "More time still.");
        Assert.Contains("already extended", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await OutboxAsync(app));
    }

    [Fact]
    public async Task An_extension_after_the_original_due_date_is_refused()
    {
        var (app, clock, secret) = await StartAsync(Utc(2027, 2, 20));
        await using var _app = app;
        Guid id;
        using (var officer = await OfficerAsync(app, secret))
            id = await LogAsync(officer, "access", "late.extension@example.no", "2027-01-31");
        clock.SetUtcNow(Utc(2027, 3, 1)); // Oslo's 1 March: the day after the original due date

        using var later = await OfficerAsync(app, secret);
        var response = await ExtendAsync(later, id, 1, "We are busy.");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The original due date, 2027-02-28, has passed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await RequestAsync(app, id)).ExtendedDueDate);
        Assert.Empty(await OutboxAsync(app));
        Assert.DoesNotContain(await AuditAsync(app, id), e => e.Action == "rights-request.extended");
    }

    [Fact]
    public async Task The_HTML_part_of_a_message_says_what_the_text_part_says_with_what_staff_wrote_shown_as_text()
    {
        var (app, _, secret) = await StartAsync(Utc(2027, 5, 3));
        await using var _app = app;
        using var officer = await OfficerAsync(app, secret);
        var id = await LogAsync(officer, "access", "markup@example.no", "2027-05-02", channel: "email");

        // Markup is shown as text, and characters that mark a link inside a message are dropped, never followed.
        const string reason = "Asked <b>twelve</b> times & \uE0000\uE001 answered.\nEach in full.";
        await RefuseAsync(officer, id, reason);

        var mail = Assert.Single(await OutboxAsync(app));
        var html = mail.HtmlBody ?? "";
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Asked &lt;b&gt;twelve&lt;/b&gt; times &amp; 0 answered.<br>Each in full.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("Asked <b>twelve</b> times & 0 answered.\nEach in full.", mail.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.datatilsynet.no", html, StringComparison.Ordinal);
        // Every paragraph of the plain text is a paragraph of the HTML, in the same order.
        var paragraphs = mail.TextBody!.ReplaceLineEndings("\n").Trim().Split("\n\n");
        Assert.Equal(paragraphs.Length, html.Split("<p>").Length - 1);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(paragraphs[0]), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_needs_a_written_reason_and_tells_the_person_about_Datatilsynet_and_the_courts()
    {
        var (app, _, secret) = await StartAsync(Utc(2027, 5, 3));
        await using var _app = app;
        using var officer = await OfficerAsync(app, secret);
        var id = await LogAsync(officer, "access", "again.and.again@example.no", "2027-05-02", channel: "email");

        var blank = await RefuseAsync(officer, id, "   ");
        Assert.Contains("Give the reason for refusing", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RightsRequestStatus.Verified, (await RequestAsync(app, id)).Status);

        var response = await RefuseAsync(officer, id, "This is the twelfth identical request this month; each was answered in full.");

        Assert.Equal($"/admin/requests/{id}?done=refused", response.Headers.Location!.OriginalString);
        var request = await RequestAsync(app, id);
        Assert.Equal(RightsRequestStatus.Refused, request.Status);
        Assert.Equal("This is the twelfth identical request this month; each was answered in full.", request.RefusalReason);
        Assert.NotNull(request.ClosedAt);
        Assert.Contains("Art. 12(5)", request.Outcome, StringComparison.Ordinal);
        var mail = Assert.Single(await OutboxAsync(app));
        Assert.Equal("again.and.again@example.no", mail.To.Mailboxes.Single().Address);
        Assert.Contains("twelfth identical request", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Postboks 458 Sentrum", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://www.datatilsynet.no", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("court", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(RequestMessageKind.Refusal, Assert.Single(await MessagesAsync(app, id)).Kind);
        Assert.Equal(["rights-request.logged", "rights-request.verified", "rights-request.refused"], (await AuditAsync(app, id)).Select(e => e.Action));

        Assert.Contains("0 open requests", await officer.GetStringAsync("/admin/requests"), StringComparison.Ordinal);
        var closed = await officer.GetStringAsync("/admin/requests?show=closed");
        Assert.Contains("1 closed requests", closed, StringComparison.Ordinal);
        Assert.Contains($"/admin/requests/{id}", closed, StringComparison.Ordinal);
        var twice = await RefuseAsync(officer, id, "Still no.", tokenFrom: $"/admin/requests/{id}/refuse");
        Assert.Contains("already closed", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_unverified_request_expires_after_the_configured_time_with_a_notice_and_not_before(Provider provider)
    {
        var (app, clock, _) = await StartAsync(Utc(2027, 6, 1), new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = "P3D" }, provider);
        await using var _app = app;
        using var visitor = app.CreateClient();
        var accepted = await (await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "never.clicked@example.no" })).Content.ReadFromJsonAsync<RightsRequestAccepted>();
        var id = accepted!.Id;

        async Task<int> ExpireAsync()
        {
            await using var scope = app.CreateScope();
            var services = scope.ServiceProvider;
            return await ExpireUnverifiedRequests.Handle(services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(),
                services.GetRequiredService<MailOutbox>(), clock, services.GetRequiredService<RightsOptions>(), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await ExpireAsync());
        Assert.Equal(RightsRequestStatus.AwaitingVerification, (await RequestAsync(app, id)).Status);
        Assert.Single(await OutboxAsync(app)); // the confirmation link only

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await ExpireAsync());
        Assert.Equal(0, await ExpireAsync());

        var request = await RequestAsync(app, id);
        Assert.Equal(RightsRequestStatus.Expired, request.Status);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, request.ClosedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Null(request.VerificationHash);
        var notice = (await OutboxAsync(app))[^1];
        Assert.Equal("never.clicked@example.no", notice.To.Mailboxes.Single().Address);
        Assert.Contains("not confirmed within 3 days", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal([RequestMessageKind.Verification, RequestMessageKind.Expiry], (await MessagesAsync(app, id)).Select(m => m.Kind));
        var expired = Assert.Single(await AuditAsync(app, id), e => e.Action == "rights-request.expired");
        Assert.Equal("system", expired.Actor);
    }

    [Fact]
    public async Task The_queue_is_sorted_by_the_due_date_extension_included_and_marks_what_is_overdue_or_close()
    {
        var (app, clock, secret) = await StartAsync(Utc(2027, 2, 5));
        await using var _app = app;
        Guid first, second, third;
        using (var officer = await OfficerAsync(app, secret))
        {
            first = await LogAsync(officer, "access", "first@example.no", "2027-01-01");   // due 1 February
            second = await LogAsync(officer, "erasure", "second@example.no", "2027-01-10"); // due 10 February, extended to 10 March
            third = await LogAsync(officer, "objection", "third@example.no", "2027-01-20"); // due 20 February
            Assert.Equal(HttpStatusCode.Redirect, (await ExtendAsync(officer, second, 1, "Three systems to search.")).StatusCode);
        }
        clock.SetUtcNow(Utc(2027, 2, 14));

        using var support = await StaffSessions.SignInAsync(app, Support);
        var page = await support.GetStringAsync("/admin/requests");

        Assert.Contains("3 open requests", page, StringComparison.Ordinal);
        var order = new[] { first, third, second }.Select(id => page.IndexOf($"/admin/requests/{id}", StringComparison.Ordinal)).ToList();
        Assert.True(order[0] > 0 && order[0] < order[1] && order[1] < order[2], "sorted by effective due date");
        Assert.Contains("overdue by 13 d", page, StringComparison.Ordinal);
        Assert.Contains("in 6 d", page, StringComparison.Ordinal);
        Assert.Contains("2027-03-10", page, StringComparison.Ordinal);
        Assert.Contains("extended from 2027-02-10", page, StringComparison.Ordinal);
        Assert.DoesNotContain("first@example.no", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/requests/new", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_can_read_a_case_but_cannot_log_extend_or_refuse()
    {
        var (app, _, secret) = await StartAsync(Utc(2027, 2, 5));
        await using var _app = app;
        Guid id;
        using (var officer = await OfficerAsync(app, secret))
            id = await LogAsync(officer, "access", "someone@example.no", "2027-02-01");
        using var support = await StaffSessions.SignInAsync(app, Support);

        var detail = await support.GetStringAsync($"/admin/requests/{id}");
        var newForm = await support.GetAsync("/admin/requests/new");
        var extend = await ExtendAsync(support, id, 2, "Support should not be able to.", tokenFrom: "/privacy/requests");
        var refuse = await RefuseAsync(support, id, "Support should not be able to.", tokenFrom: "/privacy/requests");

        Assert.Contains("rights-request.logged", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Extend and notify", detail, StringComparison.Ordinal);
        foreach (var response in new[] { newForm, extend, refuse })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/denied", response.Headers.Location!.AbsolutePath);
        }
        var request = await RequestAsync(app, id);
        Assert.Null(request.ExtendedDueDate);
        Assert.Equal(RightsRequestStatus.Verified, request.Status);
        Assert.Empty(await OutboxAsync(app));
    }

    [Theory]
    [InlineData(null, 14 * 24)]
    [InlineData("P3D", 3 * 24)]
    [InlineData("PT36H", 36)]
    [InlineData("2.00:00:00", 48)]
    public void The_expiry_is_read_as_ISO_8601_or_a_TimeSpan(string? value, int hours)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = value }).Build();

        Assert.Equal(TimeSpan.FromHours(hours), RightsOptions.From(configuration).UnverifiedExpiry);
    }

    [Theory]
    [InlineData("a fortnight")]
    [InlineData("-P1D")]
    public void A_bad_expiry_stops_start_up_with_a_sentence_naming_the_setting(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = value }).Build();

        var error = Assert.Throws<Vern.Infrastructure.Hosting.StartupException>(() => { _ = RightsOptions.From(configuration); });
        Assert.Contains("Rights:UnverifiedExpiry", error.Message, StringComparison.Ordinal);
    }
}
