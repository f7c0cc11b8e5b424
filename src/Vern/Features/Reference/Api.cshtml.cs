using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Reference;

/// <summary>
/// The API reference page: Scalar renders the OpenAPI document over a list of the routes built from the
/// same endpoint metadata, which is what readers without JavaScript (and search engines) get.
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
