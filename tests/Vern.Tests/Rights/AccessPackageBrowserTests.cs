using Microsoft.Playwright;
using Vern.Features.Rights.Access;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

[Collection(UsesBrowser.Name)]
public sealed class AccessPackageBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_download_page_and_the_packages_own_page_meet_WCAG_2_1_AA()
    {
        await using var app = await TestApp.StartAsync();
        var zip = await AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject(), [Contacts(), Statistics()], CreatedAt, "en", portability: false);
        var (_, _, token) = await StoreAsync(app, "ase@example.no", zip);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        foreach (var (lang, heading) in new[] { ("en", "Download your data"), ("nb", "Last ned opplysningene dine") })
        {
            await page.GotoAsync($"/privacy/requests/download?token={token}&lang={lang}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            await Accessibility.AssertNoViolationsAsync(page);
        }

        await page.GotoAsync("/privacy/requests/download?token=wrong");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This link does not work");
        await Accessibility.AssertNoViolationsAsync(page);

        // The package's index.html, as the person sees it when they open it from the ZIP.
        await page.SetContentAsync(Text(Unzip(zip)["index.html"]));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your personal data at Nordlys Analytics AS", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
