namespace Vern.Infrastructure.Security;

/// <summary>
/// Endpoint metadata that replaces the strict default Content Security Policy for the endpoints
/// carrying it. Only the demo website needs one: it embeds third-party tags exactly as a customer
/// site would, and the banner decides whether they run.
/// </summary>
internal sealed record ContentSecurityPolicy(string Value)
{
    /// <summary>No inline script or style, no third-party origin: every page unless it says otherwise.</summary>
    public static readonly ContentSecurityPolicy Strict = new(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
}
