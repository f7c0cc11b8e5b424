using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

public sealed class RequestLanguageTests
{
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann", "+47 912 34 567", "Fjord AS");

    private static async Task<RightsRequest> RequestAsync(TestApp app, Guid id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_request_sent_from_the_Norwegian_form_is_answered_in_Norwegian_with_a_Norwegian_package(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);

        var sent = await StaffSessions.PostFormAsync(visitor, "/privacy/requests?lang=nb", new() { ["Type"] = "access", ["Email"] = Kari.Email! });
        Assert.Contains("Takk.", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var verification = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Bekreft forespørselen din");
        Assert.Contains("Vi har mottatt en forespørsel om å bruke retten din til innsyn etter personvernforordningen (GDPR).", verification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Åpne denne lenken innen 7 dager", verification.TextBody, StringComparison.Ordinal);
        Assert.Contains("bekreft forespørselen</a>", verification.HtmlBody, StringComparison.Ordinal);
        var link = new Uri(RequestFlow.VerifyLinkIn(verification) + "&lang=nb");
        Assert.Contains(link.ToString(), verification.TextBody, StringComparison.Ordinal);
        var confirmed = await StaffSessions.PostFormAsync(visitor, link.PathAndQuery, new() { ["Token"] = RequestFlow.TokenOf(link.ToString()) });
        Assert.Contains("Forespørselen din er bekreftet", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Forespørselen din er behandlet");
        Assert.Contains("Vi har behandlet forespørselen din om å bruke retten til innsyn", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("Dette har vi gjort:", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kopien av opplysningene dine kan lastes ned fram til", done.TextBody, StringComparison.Ordinal);
        Assert.Contains("kan du klage til Datatilsynet", done.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("We have completed", done.TextBody, StringComparison.Ordinal);
        var download = RequestFlow.DownloadLinkIn(done);
        Assert.EndsWith("&lang=nb", download, StringComparison.Ordinal);
        var files = Unzip(await RequestFlow.DownloadAsync(visitor, download));
        var index = Encoding.UTF8.GetString(files["index.html"]);
        Assert.Contains("<html lang=\"nb\">", index, StringComparison.Ordinal);
        Assert.Contains("Personopplysningene dine hos", index, StringComparison.Ordinal);
        // What the sources say about the data is in Norwegian too.
        Assert.Contains("Hvem som har behandlet opplysningene dine", index, StringComparison.Ordinal);
        Assert.DoesNotContain("Who handled your data", index, StringComparison.Ordinal);
        Assert.Contains("\"language\": \"nb\"", Encoding.UTF8.GetString(files["data.json"]), StringComparison.Ordinal);

        await using var scope = app.CreateScope();
        var request = await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.AsNoTracking().SingleAsync();
        Assert.Equal(("nb", RightsRequestStatus.Completed), (request.Language, request.Status));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_API_takes_an_optional_language_and_keeps_the_old_contract(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        using var client = app.CreateClient();

        var norwegian = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "ola@example.no", language = "nb" });
        var english = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "emma@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, norwegian.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, english.StatusCode);
        var nbId = (await norwegian.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var enId = (await english.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("nb", (await RequestAsync(app, nbId)).Language);
        Assert.Equal("en", (await RequestAsync(app, enId)).Language);
        var nbMail = await RequestFlow.WaitForMailAsync(app, "ola@example.no", "Bekreft forespørselen din");
        Assert.Contains("retten din til sletting", nbMail.TextBody, StringComparison.Ordinal);
        var enMail = await RequestFlow.WaitForMailAsync(app, "emma@example.com", "Confirm your privacy request");
        Assert.Contains("We received a request to use your right of erasure under the GDPR.", enMail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_refuses_a_language_it_does_not_speak_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "ola@example.no", language = "xx" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("language", out var language), problem.ToString());
        Assert.Contains("en, nb", language[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await RequestFlow.OutboxAsync(app));
    }

    [Fact]
    public async Task Staff_log_a_Norwegian_letter_and_the_person_is_written_to_in_Norwegian()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "olga@example.com", secret);
        Assert.Contains("Norwegian (bokmål)", await officer.GetStringAsync("/admin/requests/new"), StringComparison.Ordinal);

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await StaffSessions.PostFormAsync(officer, "/admin/requests/new", new()
        {
            ["Type"] = "withdraw-consent",
            ["Email"] = "brev@example.no",
            ["Channel"] = "letter",
            ["ReceivedOn"] = today,
            ["Language"] = "nb",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await RequestFlow.WaitForMailAsync(app, "brev@example.no", "Bekreft forespørselen din");
        Assert.Contains("retten din til å trekke tilbake samtykke", mail.TextBody, StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        Assert.Equal("nb", (await scope.ServiceProvider.GetRequiredService<AppDb>().RightsRequests.SingleAsync()).Language);
    }

    [Fact]
    public async Task Extension_refusal_and_expiry_of_a_Norwegian_request_are_written_in_Norwegian()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 5, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false", ["Rights:UnverifiedExpiry"] = "P14D" },
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var officer = await StaffSessions.SignInAsync(app, "olga@example.com", secret);
        async Task<Guid> LogAsync(string email, bool verified)
        {
            var fields = new Dictionary<string, string>
            {
                ["Type"] = "access",
                ["Email"] = email,
                ["Channel"] = "letter",
                ["ReceivedOn"] = "2027-02-01",
                ["Language"] = "nb",
            };
            if (verified)
                (fields["IdentityVerified"], fields["VerificationNote"]) = ("true", "Signed letter matching the customer record");
            var response = await StaffSessions.PostFormAsync(officer, "/admin/requests/new", fields);
            var location = response.Headers.Location!.OriginalString;
            return Guid.Parse(location["/admin/requests/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
        }
        var extended = await LogAsync("forlenget@example.no", verified: true);
        var refused = await LogAsync("avvist@example.no", verified: true);
        await LogAsync("glemt@example.no", verified: false);

        await StaffSessions.PostFormAsync(officer, $"/admin/requests/{extended}/extend", new() { ["Months"] = "2", ["Reason"] = "Vi må hente opplysninger fra arkivet." }, $"/admin/requests/{extended}");
        await StaffSessions.PostFormAsync(officer, $"/admin/requests/{refused}/refuse", new() { ["Reason"] = "Samme forespørsel for tiende gang denne uken." }, $"/admin/requests/{refused}");
        clock.Advance(TimeSpan.FromDays(15));
        await using (var scope = app.CreateScope())
        {
            var services = scope.ServiceProvider;
            Assert.Equal(1, await ExpireUnverifiedRequests.Handle(services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(),
                services.GetRequiredService<MailOutbox>(), clock, services.GetRequiredService<RightsOptions>(), CancellationToken.None));
        }

        var extension = await RequestFlow.WaitForMailAsync(app, "forlenget@example.no", "Vi trenger mer tid til å svare på forespørselen din");
        Assert.Contains("Den 1. februar 2027 mottok vi forespørselen din om å bruke retten til innsyn", extension.TextBody, StringComparison.Ordinal);
        Assert.Contains("Vi svarer senest 1. mai 2027 i stedet for 1. mars 2027.", extension.TextBody, StringComparison.Ordinal);
        Assert.Contains("Vi må hente opplysninger fra arkivet.", extension.TextBody, StringComparison.Ordinal);
        var refusal = await RequestFlow.WaitForMailAsync(app, "avvist@example.no", "Svar på forespørselen din om personvern");
        Assert.Contains("åpenbart grunnløs eller overdreven", refusal.TextBody, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", refusal.TextBody, StringComparison.Ordinal);
        var expiry = await RequestFlow.WaitForMailAsync(app, "glemt@example.no", "Forespørselen din ble ikke bekreftet");
        Assert.Contains("ble ikke bekreftet innen 14 dager", expiry.TextBody, StringComparison.Ordinal);
    }
}
