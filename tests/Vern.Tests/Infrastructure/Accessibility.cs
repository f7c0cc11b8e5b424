using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vern.Tests.Infrastructure;

/// <summary>axe-core against the rendered page, limited to what WCAG 2.1 A and AA require.</summary>
public static class Accessibility
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var options = new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } };
        var result = await page.RunAxe(options);
        Assert.True(result.Violations.Length == 0, Describe(page.Url, result.Violations));
    }

    // Names each rule and the elements that break it, so a failure says what to fix without re-running axe.
    private static string Describe(string url, AxeResultItem[] violations) =>
        $"axe found {violations.Length} WCAG 2.1 A/AA violation(s) on {url}:\n" + string.Join('\n', violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} <{v.HelpUrl}>\n" +
            string.Join('\n', v.Nodes.Select(n => $"    {n.Target}: {Problems(n)}"))));

    private static string Problems(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Distinct());
}
