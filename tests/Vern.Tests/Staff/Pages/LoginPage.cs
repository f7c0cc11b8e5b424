using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin/login: e-mail and password.</summary>
internal sealed class LoginPage(IPage page)
{
    public const string Path = "/admin/login";

    public ILocator SkipLink => page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
    public ILocator Email => page.GetByLabel("E-mail");
    public ILocator Password => page.GetByLabel("Password");
    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task<LoginPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
