using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>A person's path through a request, as they take it: the API or form, the e-mailed link, the answer.</summary>
internal static partial class RequestFlow
{
    public static async Task<List<MimeMessage>> OutboxAsync(TestApp app)
    {
        var outbox = Path.Combine(app.DataDirectory, "outbox");
        var messages = new List<MimeMessage>();
        if (Directory.Exists(outbox))
            foreach (var file in Directory.GetFiles(outbox, "*.eml").Order(StringComparer.Ordinal))
                messages.Add(await MimeMessage.LoadAsync(file));
        return messages;
    }

    /// <summary>Sends the request through the API, opens the e-mailed link and confirms; returns the request id.</summary>
    public static async Task<Guid> SubmitAndConfirmAsync(TestApp app, HttpClient visitor, string type, string email, bool includeBrowser = false)
    {
        var before = (await OutboxAsync(app)).Count;
        return await SubmitAndConfirmAsync(visitor, type, email, async () => (await OutboxAsync(app)).Skip(before).Single(m => m.To.Mailboxes.Single().Address == email), includeBrowser);
    }

    /// <summary>The same, with the verification e-mail read by <paramref name="verification"/> (from an SMTP server, say).</summary>
    public static async Task<Guid> SubmitAndConfirmAsync(HttpClient visitor, string type, string email, Func<Task<MimeMessage>> verification, bool includeBrowser = false)
    {
        var response = await visitor.PostAsJsonAsync("/api/v1/rights-requests", new { type, email });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var mail = await verification();
        var path = new Uri(VerifyLinkIn(mail)).PathAndQuery;
        var token = Uri.UnescapeDataString(path[(path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var fields = new Dictionary<string, string> { ["Token"] = token };
        if (includeBrowser)
            fields["IncludeBrowser"] = "true";
        var confirmed = await StaffSessions.PostFormAsync(visitor, path, fields);
        Assert.Contains("Your request is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return id;
    }

    /// <summary>A person Vern knows from a contact form, so a request finds data about them.</summary>
    public static async Task<Guid> KnownPersonAsync(TestApp app, PersonalDetails details)
    {
        await using var scope = app.CreateScope();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var subject = await vault.AddAsync(details);
        await db.SaveChangesAsync();
        db.Submissions.Add(new Submission
        {
            Id = Guid.CreateVersion7(),
            SubjectId = subject.Id,
            Form = "contact",
            Purpose = "customer-relationship",
            SubmittedAt = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc),
            Content = await vault.SealAsync(subject.Id, "submission", "Please call me about the Pro plan."),
        });
        await db.SaveChangesAsync();
        return subject.Id;
    }

    /// <summary>A person known only by address and name, with a browser's visitor id linked to them.</summary>
    public static async Task<Guid> PersonWithVisitorAsync(TestApp app, string email, string visitorId)
    {
        Guid subjectId;
        await using (var scope = app.CreateScope())
        {
            var subject = await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(new PersonalDetails(email, "Ola Nordmann"));
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
            subjectId = subject.Id;
        }
        await LinkVisitorAsync(app, subjectId, visitorId);
        return subjectId;
    }

    /// <summary>
    /// A person known from a contact form sent from a browser that accepted every cookie: the browser's
    /// visitor id is linked to them, so their consent is part of every request.
    /// </summary>
    public static async Task<(Guid SubjectId, string VisitorId)> KnownPersonWithBrowserAsync(TestApp app, HttpClient client, PersonalDetails details)
    {
        var visitorId = await Vern.Tests.Consent.ConsentApi.IssueVisitorIdAsync(client);
        await Vern.Tests.Consent.ConsentApi.RecordAsync(client, Vern.Tests.Consent.ConsentApi.Body(visitorId, action: "accept_all", analytics: true, marketing: true));
        var subjectId = await KnownPersonAsync(app, details);
        await LinkVisitorAsync(app, subjectId, visitorId);
        return (subjectId, visitorId);
    }

    /// <summary>Links a browser's visitor id to a person, as a form sent from that browser does.</summary>
    private static async Task LinkVisitorAsync(TestApp app, Guid subjectId, string visitorId)
    {
        await using var scope = app.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddIdentifierAsync(subjectId, DataSubjects.VisitorIdKind, visitorId);
        await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
    }

    /// <summary>Posts the download form behind an e-mailed package link; returns the ZIP.</summary>
    public static async Task<byte[]> DownloadAsync(HttpClient visitor, string link)
    {
        var path = new Uri(link).PathAndQuery;
        var token = TokenIn().Match(path).Groups[1].Value;
        var response = await StaffSessions.PostFormAsync(visitor, path, new() { ["Token"] = token }, tokenFrom: "/privacy/requests");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static string DownloadLinkIn(MimeMessage mail) => DownloadLink().Match(mail.TextBody ?? "").Value;

    public static string TokenOf(string link) => TokenIn().Match(link).Groups[1].Value;

    public static string VerifyLinkIn(MimeMessage mail) => VerifyLink().Match(mail.TextBody ?? "").Value;

    /// <summary>Waits for the e-mail that answers the request (fulfilment runs in the background).</summary>
    public static async Task<MimeMessage> WaitForMailAsync(TestApp app, string to, string subject, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = (await OutboxAsync(app)).FirstOrDefault(m => m.Subject == subject && m.To.Mailboxes.Single().Address == to);
            if (found is not null)
                return found;
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(20)))
                throw new TimeoutException($"No e-mail \"{subject}\" to {to}; the outbox holds: {string.Join(", ", (await OutboxAsync(app)).Select(m => m.Subject))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until something holds in the database, for what background work commits after what it sends.</summary>
    public static async Task UntilAsync(TestApp app, Func<AppDb, Task<bool>> holds, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = app.CreateScope())
                if (await holds(scope.ServiceProvider.GetRequiredService<AppDb>()))
                    return;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Never saw {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until a source's result for the request, as committed, is ready. Waiting on what a fake server
    /// received is not enough: the answer may not be saved yet, and a clock moved on before it is would skip
    /// the retry it schedules.
    /// </summary>
    public static async Task<RequestSourceResult> WaitForResultAsync(TestApp app, Guid requestId, string source, Func<RequestSourceResult, bool> ready)
    {
        RequestSourceResult? found = null;
        await UntilAsync(app, async db => (found = await db.RequestSourceResults.AsNoTracking()
            .FirstOrDefaultAsync(r => r.RequestId == requestId && r.Source == source)) is { } result && ready(result), $"the {source} result ready");
        return found!;
    }

    [GeneratedRegex(@"https?://\S+/privacy/requests/verify\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex VerifyLink();

    [GeneratedRegex(@"https?://\S+/privacy/requests/download\?token=[A-Za-z0-9_\-]+(&lang=nb)?")]
    private static partial Regex DownloadLink();

    [GeneratedRegex(@"token=([A-Za-z0-9_\-]+)")]
    private static partial Regex TokenIn();
}
