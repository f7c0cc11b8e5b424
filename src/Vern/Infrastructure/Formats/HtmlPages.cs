using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// Renders a Razor component to HTML outside a request: pages that leave Vern as files, and the policy's generated sections.
/// </summary>
internal static class HtmlPages
{
    // The renderer's only service: an encoder that leaves letters alone, so æ, ø and å stay readable in the source
    // (the default encoder writes them as &#xE6;). Markup characters are escaped all the same.
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public static Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        RenderAsync(typeof(TComponent), parameters);

    /// <summary>Whatever the component writes: a whole document, or a fragment that a page embeds.</summary>
    public static async Task<string> RenderAsync(Type component, IDictionary<string, object?> parameters)
    {
        // One renderer per page: a renderer keeps every root component it rendered until it is disposed.
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
