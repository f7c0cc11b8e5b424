using System.Text.Json;
using Microsoft.Playwright;
using Vern.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vern.Tests.Platform;

/// <summary>
/// The API reference as a developer opens it in Chromium: Scalar renders the OpenAPI document under
/// Vern's Content Security Policy, and every request it makes is answered by Vern itself.
/// </summary>
[Collection(UsesBrowser.Name)]
public sealed class ApiReferenceBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Scalar_renders_every_operation_without_a_policy_violation_or_a_request_elsewhere()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var summaries = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Select(operation => operation.Value.GetProperty("summary").GetString()!)
            .ToList();
        await using var session = await browser.OpenAsync(app);
        var elsewhere = await session.RecordRequestsElsewhereAsync(app.BaseAddress, route => route.AbortAsync());
        // Chromium writes refused styles and scripts to the console; the event also reports what a script
        // caught, and carries the directive, so each violation is written there as a line of its own.
        await session.Context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));");
        var console = new List<string>();
        session.Page.Console += (_, message) =>
        {
            lock (console)
                console.Add($"{message.Type}: {message.Text}");
        };
        var page = session.Page;

        var response = await page.GotoAsync("/api");

        var policy = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self';", policy, StringComparison.Ordinal);
        // Scalar replaced the server-rendered list, and its sidebar names every operation of the document.
        await Expect(page.Locator("main#main")).ToHaveCountAsync(0);
        Assert.Equal(26, summaries.Count);
        var sidebar = page.GetByRole(AriaRole.Complementary);
        foreach (var summary in summaries)
            await Expect(sidebar.GetByText(summary, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download OpenAPI Document as JSON" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(elsewhere);
        // The one report left is a probe, not a refusal that changes anything: the JSON schema library inside
        // Scalar tries `Function('')` to see whether it may compile validators, catches the refusal and
        // validates without compiling. Chromium itself reports nothing of it.
        var violations = console.Where(m => m.Contains("Content Security Policy", StringComparison.Ordinal) || m.Contains("CSP violation", StringComparison.Ordinal)).ToList();
        Assert.True(violations.Count <= 1, string.Join("\n", violations));
        Assert.All(violations, v => Assert.Matches(@"^error: CSP violation: script-src eval .*/api/reference/scalar\.js$", v));
    }
}
