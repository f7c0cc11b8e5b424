namespace Vern.Infrastructure.Hosting;

/// <summary>Reads a request body up to a limit, for public endpoints that refuse a larger one before parsing it.</summary>
internal static class BoundedBody
{
    /// <summary>
    /// Reads at most one byte more than <paramref name="max"/> into <paramref name="buffer"/> (which must hold
    /// that many), so an oversized or endless body costs nothing; null when the body is larger than allowed.
    /// </summary>
    public static async Task<int?> ReadAsync(HttpRequest request, byte[] buffer, int max, CancellationToken ct)
    {
        if (request.ContentLength > max)
            return null;
        var total = 0;
        int read;
        while (total <= max && (read = await request.Body.ReadAsync(buffer.AsMemory(total, max + 1 - total), ct)) > 0)
            total += read;
        return total > max ? null : total;
    }
}
