using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Features.Model;

namespace Vern.Features.Consent;

/// <summary>The public, machine-readable statements at <c>/.well-known/</c>.</summary>
internal static class WellKnown
{
    /// <summary>The key set that verifies consent receipts (RFC 7517).</summary>
    public static Ok<JsonWebKeySet> Jwks(ReceiptKey key) =>
        TypedResults.Ok(new JsonWebKeySet([new JsonWebKey("EC", "P-256", key.X, key.Y, key.KeyId, "sig", "ES256")]));

    /// <summary>
    /// The Global Privacy Control support resource: Vern honours the signal. The date is when the
    /// privacy definition last changed, the only way what GPC refuses can change.
    /// </summary>
    public static Ok<GpcSupport> Gpc(HttpContext context, ModelStore models)
    {
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Ok(new GpcSupport(true, DateOnly.FromDateTime(models.Current.Since).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }
}

internal sealed record JsonWebKeySet(IReadOnlyList<JsonWebKey> Keys);

internal sealed record JsonWebKey(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

internal sealed record GpcSupport(bool Gpc, string LastUpdate);
