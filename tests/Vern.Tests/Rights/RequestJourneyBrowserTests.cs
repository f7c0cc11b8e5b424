using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Vern.Data;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Rights;

/// <summary>
/// Each right a person can use on their own, from the website's contact form through the request form,
/// the e-mailed link and the completion e-mail, in Chromium with a real SMTP server receiving the mail.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed partial class RequestJourneyBrowserTests(BrowserFixture browser)
{
    private const string Email = "kari.nordmann@example.no";

    [Theory]
    [InlineData("access", "See the data you hold about me (access)", "Your copy of your data is ready to download")]
    [InlineData("portability", "Get my data to take elsewhere (portability)", "Your data in a portable format is ready to download")]
    [InlineData("erasure", "Delete my data (erasure)", "the key that encrypted them was destroyed")]
    [InlineData("restriction", "Limit how you use my data (restriction)", "We now only store your data")]
    [InlineData("objection", "Object to how you use my data, including marketing (objection)", "never again use your data for direct marketing")]
    [InlineData("withdraw-consent", "Withdraw every consent I have given", "Every consent you had given on our website was withdrawn")]
    public async Task A_person_uses_a_right_from_the_public_form_to_the_completion_email(string type, string choice, string told)
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        });
        await using var session = await browser.OpenAsync(app);
        // Google's and HubSpot's hosts are answered here: nothing may reach the network.
        var thirdParty = await session.RecordRequestsElsewhereAsync(app.BaseAddress,
            route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = "" }));
        var page = session.Page;

        // The person met the website first: a cookie choice and a message through the contact form.
        await page.GotoAsync("/contact");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Accept all", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        await page.GetByLabel("Name").FillAsync("Kari Nordmann");
        await page.GetByLabel("Work e-mail").FillAsync(Email);
        await page.GetByLabel("Message").FillAsync("Can you show me the Pro plan?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you for your message");

        await page.GotoAsync("/privacy/requests");
        await page.GetByLabel(choice).CheckAsync();
        await page.GetByLabel("Your e-mail address").FillAsync(Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Expect(page.GetByText("you will receive an e-mail with a link")).ToBeVisibleAsync();

        var confirm = await MailAsync(smtp, "Confirm your privacy request");
        await page.GotoAsync(Link(confirm, "verify"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the request" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request is confirmed");

        var done = await MailAsync(smtp, "Your privacy request is complete");
        Assert.Equal(Email, done.To.Mailboxes.Single().Address);
        Assert.Contains(told, done.TextBody, StringComparison.Ordinal);
        Assert.Contains("Datatilsynet", done.TextBody, StringComparison.Ordinal);

        if (type is "access" or "portability")
        {
            await page.GotoAsync(Link(done, "download"));
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Download" }).ClickAsync());
            Assert.StartsWith("vern-access-", download.SuggestedFilename, StringComparison.Ordinal);
            using var zip = ZipFile.OpenRead(await download.PathAsync());
            using var reader = new StreamReader(zip.GetEntry("data.json")!.Open());
            var json = await reader.ReadToEndAsync();
            Assert.Contains("Can you show me the Pro plan?", json, StringComparison.Ordinal);
            Assert.Contains("\"consent\"", json, StringComparison.Ordinal);
        }
        if (type is "withdraw-consent" or "objection" or "erasure")
        {
            // The browser still holds "accept all"; the banner learns of the withdrawal on the next page
            // view, asks again, and nothing of Google's or HubSpot's loads meanwhile.
            var before = thirdParty.Count;
            await page.GotoAsync("/pricing");
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(500);
            Assert.Equal(before, thirdParty.Count);
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
            // Leaving the page before the ledger answered would cancel the choice, and the banner would ask again.
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        }
        if (type == "objection")
        {
            // The objection holds where marketing starts: a later sign-up with "product news" ticked starts
            // the trial, and keeps nothing for the newsletter.
            await page.GotoAsync("/signup");
            await page.GetByLabel("Name").FillAsync("Kari Nordmann");
            await page.GetByLabel("Work e-mail").FillAsync(Email);
            await page.GetByLabel("Company").FillAsync("Fjord AS");
            await page.GetByLabel("I accept the terms of service").CheckAsync();
            await page.GetByLabel("Send me product news (optional)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start my trial" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("We will e-mail you when your trial workspace is ready");
            await using var scope = app.CreateScope();
            var purposes = await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.Select(s => s.Purpose).ToListAsync();
            Assert.Equal(["customer-relationship", "customer-relationship"], purposes);
        }
        Assert.Equal(2, smtp.Messages.Count);
        Assert.DoesNotContain(Email, app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_asks_for_a_correction_and_a_privacy_officer_makes_it_in_the_console()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        });
        var secret = await StaffSessions.CreateAsync(app, "olga@example.com", "privacy-officer", withAuthenticator: true);
        await using var visitor = await browser.OpenAsync(app);
        var page = visitor.Page;
        await page.GotoAsync("/contact");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        // The banner closes once the ledger has the choice and the cookie is set, which the form's visitor id needs.
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        await page.GetByLabel("Name").FillAsync("Kari Nordman");
        await page.GetByLabel("Work e-mail").FillAsync(Email);
        await page.GetByLabel("Message").FillAsync("Hello");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you for your message");
        await page.GotoAsync("/privacy/requests");
        await page.GetByLabel("Correct my data (rectification)").CheckAsync();
        await page.GetByLabel("Your e-mail address").FillAsync(Email);
        await page.GetByLabel("Anything we should know (optional)").FillAsync("My surname is Nordmann, with two n.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await page.GotoAsync(Link(await MailAsync(smtp, "Confirm your privacy request"), "verify"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the request" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request is confirmed");

        await using var staff = await browser.OpenAsync(app);
        var console = staff.Page;
        await Vern.Tests.Staff.Pages.ConsoleSignIn.AsAsync(console, "olga@example.com", secret);
        await console.GotoAsync("/admin/requests");
        await console.GetByRole(AriaRole.Row).Filter(new() { HasText = "rectification" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Correct the person's data" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(console);
        await console.GetByLabel("Corrected name").FillAsync("Kari Nordmann");
        await console.GetByRole(AriaRole.Button, new() { Name = "Correct and notify the person" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Status)).ToContainTextAsync("The data is corrected");

        var done = await MailAsync(smtp, "Your privacy request is complete");
        Assert.Contains("We corrected your name in our records.", done.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari Nordmann", done.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, app.Logs.All, StringComparison.Ordinal);
    }

    private static async Task<MimeMessage> MailAsync(SmtpSink smtp, string subject)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            foreach (var received in smtp.Messages)
            {
                var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));
                if (message.Subject == subject)
                    return message;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No e-mail \"{subject}\" arrived over SMTP.");
    }

    private static string Link(MimeMessage message, string page) =>
        RequestLink().Matches(message.TextBody ?? "").Select(m => m.Value).First(l => l.Contains("/privacy/requests/" + page, StringComparison.Ordinal));

    [GeneratedRegex(@"https?://\S+/privacy/requests/(verify|download)\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex RequestLink();
}
