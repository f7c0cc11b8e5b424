using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace Vern.Tests.Infrastructure;

/// <summary>axe-core against the rendered page, limited to what WCAG 2.1 A and AA require.</summary>
/// <remarks>
/// axe runs in the page itself, with the axe-core script the Deque package bundles. The package's own
/// <c>RunAxe</c> opens a second, blank browser page for every check to gather the results of iframes from
/// other origins; Vern's pages have no iframes (a page that gains one fails here, saying so), so that page
/// only added a second or two to each check. Only violations are gathered in full, which is all the
/// assertion reads.
/// </remarks>
public static class Accessibility
{
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    private const string Run = """
        async () => document.querySelector('iframe, frame') ? null : JSON.stringify(await window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        }))
        """;

    public static async Task AssertNoViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
            await page.EvaluateAsync(AxeScript.Value);
        var json = await page.EvaluateAsync<string?>(Run);
        Assert.True(json is not null, $"{page.Url} has a frame, which this check does not look into: run axe with Deque.AxeCore.Playwright's RunAxe, which does.");
        var result = new AxeResult(JObject.Parse(json));
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
