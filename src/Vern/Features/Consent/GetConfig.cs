using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>The banner's configuration for a language, cacheable by the browser and revalidated by ETag.</summary>
internal static class GetConfig
{
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> Handle(HttpContext context, ConsentCatalogue catalogue, string? lang, CancellationToken ct)
    {
        var snapshot = await catalogue.GetAsync(ct);
        var config = snapshot.Config(snapshot.CurrentRevision, Languages.OrDefault(lang));
        var headers = context.Response.Headers;
        headers.ETag = config.ETag;
        headers.CacheControl = "public, max-age=300";
        headers.Vary = HeaderNames.Origin;
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Tag == config.ETag || tag.Tag == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(config.Body, "application/json");
    }
}
