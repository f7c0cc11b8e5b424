using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin/subjects: find a person by e-mail, then reveal their data with a reason.</summary>
internal sealed class SubjectsPage(IPage page)
{
    public const string Path = "/admin/subjects";

    public ILocator Reason => page.GetByLabel("Why do you need to see it?");
    public ILocator ShowButton => page.GetByRole(AriaRole.Button, new() { Name = "Show personal data" });
    public ILocator Details => page.Locator("dl.details");
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task<SubjectsPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task FindAsync(string email)
    {
        await page.GetByLabel("Find a person by e-mail address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
    }

    public async Task ShowAsync(string reason)
    {
        await Reason.FillAsync(reason);
        await ShowButton.ClickAsync();
    }
}
