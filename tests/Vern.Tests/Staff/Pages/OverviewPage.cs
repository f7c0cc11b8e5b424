using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin: the console's home page.</summary>
internal sealed class OverviewPage(IPage page)
{
    public const string Path = "/admin";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });
    public ILocator SignedInAs => page.Locator("p.lede");
}
