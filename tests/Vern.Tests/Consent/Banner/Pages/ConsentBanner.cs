using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Vern.Tests.Consent.Banner.Pages;

/// <summary>The banner as a visitor meets it, found by role and by the texts of its configuration.</summary>
internal sealed class ConsentBanner(IPage page, JsonObject config)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog, new() { Name = Text("title") });
    public ILocator AcceptAll => Button("acceptAll");
    public ILocator RejectAll => Button("rejectAll");
    public ILocator Customise => Button("customise");
    public ILocator Save => Button("save");
    public ILocator Choices => Dialog.Locator(".vern-bs button");
    public ILocator GpcNotice => Dialog.GetByText(Text("gpcNotice"));
    public ILocator Error => Dialog.GetByRole(AriaRole.Alert);

    /// <summary>The persistent control that reopens the choice: the page's own, or the one the banner adds.</summary>
    public ILocator Settings => page.GetByRole(AriaRole.Button, new() { Name = Text("settings"), Exact = true });

    public string Text(string key) => config["texts"]![key]!.GetValue<string>();

    public string CategoryName(string id) =>
        config["categories"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == id)!["name"]!.GetValue<string>();

    public ILocator Category(string id) => Dialog.GetByRole(AriaRole.Checkbox, new() { Name = CategoryName(id) });

    private ILocator Button(string key) => Dialog.GetByRole(AriaRole.Button, new() { Name = Text(key), Exact = true });
}
