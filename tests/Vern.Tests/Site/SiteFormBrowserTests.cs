using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Site;

[Collection(UsesBrowser.Name)]
public sealed class SiteFormBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_forms_meet_WCAG_2_1_AA_empty_and_with_errors()
    {
        await using var app = await TestApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        foreach (var (path, heading, submit) in new[] { ("/contact", "Contact us", "Send"), ("/signup", "Start a free trial", "Start my trial") })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);

            await page.GetByLabel("Work e-mail").FillAsync("not an address");
            await page.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give an e-mail address");
            await Expect(page.GetByLabel("Work e-mail")).ToHaveValueAsync("not an address");
            await Expect(page.GetByLabel("Work e-mail")).ToHaveAccessibleDescriptionAsync("Give an e-mail address, such as name@example.com.");
            await Accessibility.AssertNoViolationsAsync(page);
        }
    }

    [Fact]
    public async Task A_message_sent_after_a_banner_choice_is_linked_to_the_banner_s_visitor_id()
    {
        await using var app = await TestApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await page.GotoAsync("/contact");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        // The banner closes once the ledger has the choice and the cookie is set, which the form's visitor id needs.
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        await page.GetByLabel("Name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Work e-mail").FillAsync("ada@example.com");
        await page.GetByLabel("Message").FillAsync("A demo, please.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you for your message");

        var cookie = (await session.Context.CookiesAsync()).Single(c => c.Name == "vern_consent");
        var visitorId = JsonDocument.Parse(Uri.UnescapeDataString(cookie.Value)).RootElement.GetProperty("v").GetString()!;
        await using var scope = app.CreateScope();
        var submission = await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.SingleAsync();
        Assert.Equal(submission.SubjectId, await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByIdentifierAsync(DataSubjects.VisitorIdKind, visitorId));
    }
}
