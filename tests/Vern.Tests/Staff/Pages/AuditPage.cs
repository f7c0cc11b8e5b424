using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Vern.Tests.Staff.Pages;

/// <summary>/admin/audit: the audit trail, newest first.</summary>
internal sealed class AuditPage(IPage page)
{
    public const string Path = "/admin/audit";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Level = 1 });

    public async Task<AuditPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    /// <summary>The table rows whose action column shows <paramref name="action"/>.</summary>
    public ILocator Rows(string action) =>
        page.Locator("tbody tr").Filter(new() { Has = page.Locator("td code", new() { HasTextRegex = new Regex($"^{Regex.Escape(action)}$") }) });
}
