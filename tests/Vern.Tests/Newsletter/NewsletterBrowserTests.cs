using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Newsletter;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Vern.Tests.Newsletter.NewsletterMailbox;

namespace Vern.Tests.Newsletter;

/// <summary>A reader subscribes from the demo site's footer, confirms from the e-mail and unsubscribes on their page, in Chromium.</summary>
[Collection(UsesBrowser.Name)]
public sealed class NewsletterBrowserTests(BrowserFixture browser)
{
    private const string Email = "kari.reader@example.no";

    [Fact]
    public async Task A_reader_subscribes_from_the_footer_confirms_from_the_email_and_unsubscribes_on_their_page()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: Settings(smtp));
        await using var session = await browser.OpenAsync(app);
        await session.RecordRequestsElsewhereAsync(app.BaseAddress, route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = "" }));
        var page = session.Page;

        await page.GotoAsync("/product");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject all", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        await page.GetByLabel("Our monthly newsletter on privacy-friendly product analytics").FillAsync(Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("the newsletter starts only once you confirm");

        var confirmation = (await MailAsync(smtp, Email, "Confirm your newsletter subscription")).Single();
        await page.GotoAsync(Link(confirmation, "/newsletter/confirm/"));
        await Expect(page.GetByText("By confirming, you consent to receiving this by e-mail at this address: Newsletter.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your subscription is confirmed");

        var welcome = (await MailAsync(smtp, Email, "Welcome to our newsletter")).Single();
        await page.GotoAsync(Link(welcome, "/newsletter/subscription/"));
        await Expect(page.GetByText("Subscribed: Newsletter, in English, since you confirmed on")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        var receipt = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the receipt of your consent" }).ClickAsync());
        Assert.StartsWith("consent-receipt-", receipt.SuggestedFilename, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are unsubscribed");
        await Expect(page.GetByText("You unsubscribed on")).ToBeVisibleAsync();

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(SubscriberStatus.Unsubscribed, (await db.Subscribers.SingleAsync()).Status);
        Assert.Equal([ConsentAction.Confirm, ConsentAction.Withdraw],
            await db.ConsentRecords.Where(r => r.VisitorId.StartsWith("newsletter-")).OrderBy(r => r.Sequence).Select(r => r.Action).ToListAsync());
        Assert.DoesNotContain(Email, app.Logs.All, StringComparison.Ordinal);
    }
}
