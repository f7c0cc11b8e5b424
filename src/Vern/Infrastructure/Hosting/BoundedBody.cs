namespace Vern.Infrastructure.Hosting;

/// <summary>Reads a request body whole into memory, for public endpoints that parse it from there.</summary>
internal static class BoundedBody
{
    /// <summary>
    /// The body, in a buffer of its declared length (a beacon's few hundred bytes; the largest body allowed, every
    /// request, was a third of collection's allocations) or, when no length is declared, of
    /// <paramref name="max"/>. A larger body is refused as every oversized body is: <see cref="BodyLimits"/>, which
    /// normally stops it first at the endpoint's declared limit, answers the exception with 413 and problem details.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max)
            throw TooLarge();
        // One byte more than the body may hold shows one that goes on.
        var buffer = new byte[(request.ContentLength ?? max) + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return total > max ? throw TooLarge() : buffer.AsMemory(0, total);
    }

    private static BadHttpRequestException TooLarge() => new("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
}
