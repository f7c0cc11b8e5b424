namespace Vern.Infrastructure.Hosting;

/// <summary>Reads a request body whole into a buffer, for public endpoints that parse it from there.</summary>
internal static class BoundedBody
{
    /// <summary>
    /// Reads the body into <paramref name="buffer"/> (which must hold one byte more than <paramref name="max"/>)
    /// and returns its length. A larger body is refused as every oversized body is: <see cref="BodyLimits"/>,
    /// which normally stops it first at the endpoint's declared limit, answers the exception with 413 and
    /// problem details.
    /// </summary>
    public static async Task<int> ReadAsync(HttpRequest request, byte[] buffer, int max, CancellationToken ct)
    {
        var total = 0;
        int read;
        while (total <= max && (read = await request.Body.ReadAsync(buffer.AsMemory(total, max + 1 - total), ct)) > 0)
            total += read;
        return total > max || request.ContentLength > max
            ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
            : total;
    }
}
