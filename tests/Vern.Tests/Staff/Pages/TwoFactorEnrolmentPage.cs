using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin/account/two-factor: adding Vern to an authenticator app.</summary>
internal sealed class TwoFactorEnrolmentPage(IPage page)
{
    public const string Path = "/admin/account/two-factor";

    public ILocator QrCode => page.Locator("img.qr");
    public ILocator SharedKey => page.Locator("#shared-key");
    public ILocator Code => page.GetByLabel("Code");
    public ILocator Enabled => page.GetByText("Two-factor authentication is on for your account.");

    public async Task<TwoFactorEnrolmentPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    /// <summary>The key as an authenticator app wants it: the page groups it in lower-case fours for reading aloud.</summary>
    public async Task<string> ReadSharedKeyAsync() =>
        (await SharedKey.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public async Task TurnOnAsync(string code)
    {
        await Code.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor" }).ClickAsync();
    }
}
