using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// Renders a Razor component to a complete HTML document outside a request, for pages that leave Vern as files.
/// </summary>
internal static class HtmlPages
{
    // The renderer's only service: an encoder that leaves letters alone, so æ, ø and å stay readable in the source
    // (the default encoder writes them as &#xE6;). Markup characters are escaped all the same.
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public static async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        // One renderer per page: a renderer keeps every root component it rendered until it is disposed.
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
