using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Newsletter;

/// <summary>
/// In Chromium: marketing writes a campaign in the console, previews it, sends a test to itself and schedules it; a
/// reader receives it, follows its unsubscribe link and leaves, choosing to have their details kept a while longer.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class CampaignBrowserTests(BrowserFixture browser)
{
    private const string Reader = "liv.reader@example.no";
    private const string Marketer = "mia@example.com";

    [Fact]
    public async Task Marketing_writes_tests_and_schedules_a_campaign_and_a_reader_unsubscribes_from_it_keeping_their_details()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: CampaignSendingTests.Sending(smtp));
        using (var client = app.CreateClient())
            await CampaignSendingTests.SubscribeAndConfirmAsync(client, smtp, Reader, "en");
        await StaffSessions.CreateAsync(app, Marketer, "marketing");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(Marketer, StaffSessions.Password);
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Newsletter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Newsletter", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Definition).First).ToHaveTextAsync("1");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Write a campaign" }).ClickAsync();
        await page.GetByLabel("Name (for staff, never sent)").FillAsync("Autumn 2027");
        var english = page.GetByRole(AriaRole.Group, new() { Name = "en" });
        await english.GetByLabel("Subject").FillAsync("Autumn news");
        // Refused, naming the field: an image from a host Vern does not allow.
        await english.GetByLabel("Text (Markdown)").FillAsync("## What is new\n\n![pixel](https://tracker.example/p.gif)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and preview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("no image host is configured");
        await Expect(english.GetByLabel("Text (Markdown)")).ToHaveAttributeAsync("aria-invalid", "true");
        await english.GetByLabel("Text (Markdown)").FillAsync("## What is new\n\nDashboards load **twice as fast**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and preview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preview" })).ToBeVisibleAsync();
        await Expect(page.Locator(".preview strong")).ToHaveTextAsync("twice as fast");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test of each language to me" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"sent to {Marketer}");
        var test = (await MailAsync(smtp, Marketer, "[test] Autumn news")).Single();
        Assert.Contains("<strong>twice as fast</strong>", test.HtmlBody, StringComparison.Ordinal);

        // A time that has passed sends it now.
        await page.GetByLabel("Send at").FillAsync("2026-01-01T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled to go now");
        var campaign = (await MailAsync(smtp, Reader, "Autumn news")).Single();
        for (var tries = 0; tries < 50 && !await page.GetByText("Status: sent").IsVisibleAsync(); tries++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }
        var figures = page.GetByRole(AriaRole.Region, new() { Name = "Figures" });
        await Expect(figures.GetByRole(AriaRole.Table, new() { Name = "Per day (Oslo)" }).GetByRole(AriaRole.Cell).First).ToHaveTextAsync("1");
        await Accessibility.AssertNoViolationsAsync(page);

        // The reader follows the campaign's unsubscribe link, and ticks the separate choice to be kept longer.
        await page.GotoAsync(Link(campaign, "/newsletter/unsubscribe/"));
        await page.GetByLabel("Keep my details for 1 year after I unsubscribe (optional)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are unsubscribed");
        await Expect(page.GetByText("You agreed that we keep your details longer")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(1, await db.RetentionConsents.CountAsync(c => c.Rule == "newsletter-until-unsubscribed" && c.WithdrawnAt == null));
        Assert.Equal([ConsentAction.Confirm, ConsentAction.Withdraw],
            await db.ConsentRecords.Where(r => r.VisitorId.StartsWith("newsletter-")).OrderBy(r => r.Sequence).Select(r => r.Action).ToListAsync());
        Assert.Equal(["campaign.created", "campaign.tested", "campaign.scheduled"],
            await db.AuditEntries.Where(e => e.Actor == Marketer && e.Action.StartsWith("campaign.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }
}
