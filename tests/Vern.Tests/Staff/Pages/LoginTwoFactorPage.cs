using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin/login/two-factor: the authenticator code after the password.</summary>
internal sealed class LoginTwoFactorPage(IPage page)
{
    public const string Path = "/admin/login/two-factor";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Enter your authenticator code" });
    public ILocator Code => page.GetByLabel("Code");
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task VerifyAsync(string code)
    {
        await Code.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }
}
