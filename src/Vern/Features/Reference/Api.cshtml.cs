using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Reference;

/// <summary>
/// A readable API reference built from the same endpoint metadata as the OpenAPI document, so the
/// two cannot disagree, and served without any script (the CSP forbids third-party viewers).
/// </summary>
internal sealed class ApiModel(EndpointDataSource endpoints) : PageModel
{
    public IReadOnlyList<IGrouping<string, ApiRoute>> Groups { get; private set; } = [];

    public void OnGet()
    {
        Groups = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiRoute(
                e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is [var tag, ..] ? tag : "Other",
                method,
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "",
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy is { } policy ? $"Staff ({policy})" : "Anyone")))
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .GroupBy(r => r.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }
}

internal sealed record ApiRoute(string Group, string Method, string Path, string Summary, string Access);
