using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Centre;

[Collection(UsesBrowser.Name)]
public sealed class PreferencesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_visitor_who_accepted_on_the_site_sees_the_choice_and_downloads_its_full_receipt()
    {
        await using var app = await TestApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        // Before any choice the page says so plainly.
        await page.GotoAsync("/privacy/preferences?lang=en");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Your recorded choices" });
        await Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("No choice from this browser is recorded in our consent ledger yet.");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Your privacy choices" }).GetByRole(AriaRole.Button, new() { Name = "Accept all" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        var cookie = (await session.Context.CookiesAsync()).Single(c => c.Name == "vern_consent");
        var consent = JsonDocument.Parse(Uri.UnescapeDataString(cookie.Value)).RootElement;
        var id = consent.GetProperty("id").GetString()!;
        var visitor = consent.GetProperty("v").GetString()!;
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync("/privacy/preferences?lang=en");
        var choice = section.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Download receipt" }) });
        await Expect(choice).ToHaveCountAsync(1);
        await Expect(choice.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Necessary: allowed", "Statistics: allowed", "Marketing: allowed"], new() { UseInnerText = true });
        await Expect(choice.Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d\d-\d\dT.*Z$"));
        await Accessibility.AssertNoViolationsAsync(page);
        // The visitor id is a credential: it goes in a header, never in an address a proxy or server would log.
        Assert.Contains(requested, url => url.EndsWith("/api/v1/consent/visitor/decisions", StringComparison.Ordinal));
        Assert.DoesNotContain(requested, url => url.Contains(visitor, StringComparison.Ordinal) || url.Contains(Uri.EscapeDataString(visitor), StringComparison.Ordinal));

        var download = await page.RunAndWaitForDownloadAsync(() => choice.GetByRole(AriaRole.Link, new() { Name = "Download receipt" }).ClickAsync());

        Assert.Equal($"consent-receipt-{id}.json", download.SuggestedFilename);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal(id, file.RootElement.GetProperty("consent").GetProperty("consentReceiptID").GetString());
        using var client = app.CreateClient();
        var served = await ConsentApi.FullReceiptAsync(client, id);
        Assert.True(JsonElement.DeepEquals(served, file.RootElement), "The downloaded file is not the full receipt.");

        // A choice changed on the page itself is listed at once, above the earlier one.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change your cookie choices" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Your privacy choices" }).GetByRole(AriaRole.Button, new() { Name = "Reject all" }).ClickAsync();
        var choices = section.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Download receipt" }) });
        await Expect(choices).ToHaveCountAsync(2);
        await Expect(choices.First.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Necessary: allowed", "Statistics: refused", "Marketing: refused"], new() { UseInnerText = true });
        await Expect(choices.Last.Locator("a")).ToHaveAttributeAsync("download", $"consent-receipt-{id}.json");

        // The page speaks the centre's other language too.
        await page.GotoAsync("/privacy/preferences?lang=nb");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Dine registrerte valg" }).GetByRole(AriaRole.Link, new() { Name = "Last ned kvittering" })).ToHaveCountAsync(2);
    }
}
