using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vern.Data;
using Vern.Tests.Infrastructure;
using Vern.Tests.Staff.Pages;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Analytics;

/// <summary>Marketing reads the hand-worked day on the dashboard, downloads it as CSV, and the page meets WCAG 2.1 AA.</summary>
[Collection(UsesBrowser.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Marketing_reads_the_figures_of_a_day_downloads_them_and_the_page_meets_WCAG_2_1_AA()
    {
        await using var app = await TestApp.StartAsync();
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AnalyticsEvents.AddRange(FiguresTests.HandWorkedDay(yesterday));
            await db.SaveChangesAsync();
        }
        await StaffSessions.CreateAsync(app, "mia@example.com", "marketing");
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync("mia@example.com", StaffSessions.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Statistics" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Website statistics", Level = 1 })).ToBeVisibleAsync();
        var figures = page.Locator("dl.figures");
        await Expect(figures).ToContainTextAsync("Visitors4");
        await Expect(figures).ToContainTextAsync("Page views7");
        await Expect(figures).ToContainTextAsync("Bounce rate60 %");
        // The last 30 days include today, which is recounted from its events once a minute.
        await Expect(page.GetByText("Today's figures may be up to 60 seconds old.")).ToBeVisibleAsync();
        var goals = page.GetByRole(AriaRole.Table, new() { Name = "Goals" });
        await Expect(goals.GetByRole(AriaRole.Row, new() { Name = "signup" })).ToContainTextAsync("25.0 %");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Top referrers" })).ToContainTextAsync("google.com");
        // Each top list draws its counts as bars, as long as each row's share of the first: "/" 4, "/pricing" 2, "/product" 1.
        var bars = page.GetByRole(AriaRole.Table, new() { Name = "Top pages" }).Locator("svg.row-bar rect");
        Assert.Equal(["100", "50", "25"], (await Task.WhenAll((await bars.AllAsync()).Select(b => b.GetAttributeAsync("width")))).Select(w => w ?? "none"));
        await Accessibility.AssertNoViolationsAsync(page);

        var csv = await page.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "Download these figures (CSV)" }).GetAttributeAsync("href") ?? "");
        Assert.Equal("text/csv", csv.Headers["content-type"].Split(';')[0]);
        var text = await csv.TextAsync();
        Assert.Contains("total,visitors,4,", text, StringComparison.Ordinal);
        Assert.Contains("goal,signup,1,0.25", text, StringComparison.Ordinal);

        await page.GetByLabel("First day").FillAsync("yesterday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByLabel("First day")).ToHaveAccessibleDescriptionAsync("Write the day as YYYY-MM-DD.");
        await Accessibility.AssertNoViolationsAsync(page);

        // The same figures in Norwegian, and the language stays with the next range asked for.
        await page.GetByRole(AriaRole.Link, new() { Name = "På norsk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nettstedsstatistikk", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Første dag").FillAsync(yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
        await Expect(page.Locator("dl.figures")).ToContainTextAsync("Besøkende4");
        await Expect(page.Locator("dl.figures")).ToContainTextAsync("Fluktfrekvens60 %");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Mest viste sider" })).ToContainTextAsync("/pricing");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Mål" }).GetByRole(AriaRole.Row, new() { Name = "signup" })).ToContainTextAsync("25.0 %");
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
