using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Centre;

[Collection(UsesBrowser.Name)]
public sealed class CentreBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_privacy_centre_pages_meet_WCAG_2_1_AA_in_both_languages()
    {
        await using var app = await TestApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        var pages = new[]
        {
            ("/privacy?lang=en", "en", "Privacy centre"),
            ("/privacy?lang=nb", "nb", "Personvernsenter"),
            ("/privacy/cookies?lang=en", "en", "Cookies"),
            ("/privacy/cookies?lang=nb", "nb", "Informasjonskapsler"),
            ("/privacy/subprocessors?lang=en", "en", "Sub-processors"),
            ("/privacy/subprocessors?lang=nb", "nb", "Underdatabehandlere"),
            ("/privacy/policy?lang=en", "en", "Privacy policy"),
            ("/privacy/policy?lang=nb", "nb", "Personvernerklæring"),
            ("/privacy/policy/versions?lang=en", "en", "Versions of the privacy policy"),
            ("/privacy/policy/versions/1?lang=nb", "nb", "Personvernerklæring"),
            ("/privacy/requests?lang=en", "en", "Exercise your rights"),
            ("/privacy/requests?lang=nb", "nb", "Bruk rettighetene dine"),
            ("/privacy/preferences?lang=en", "en", "Your preferences"),
            ("/privacy/product-data?lang=en", "en", "Your data in our product"),
            ("/privacy/product-data?lang=nb", "nb", "Dataene dine i produktet vårt"),
        };
        foreach (var (path, lang, heading) in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            await Accessibility.AssertNoViolationsAsync(page);
        }
    }

    [Fact]
    public async Task The_language_switch_changes_the_language_of_the_page()
    {
        await using var app = await TestApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        await page.GotoAsync("/privacy/cookies");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cookies", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Language" }).GetByRole(AriaRole.Link, new() { Name = "Norsk bokmål" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Informasjonskapsler", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "6 måneder" }).First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Språk" }).GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cookies", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }
}
