namespace Vern.Infrastructure.Security;

/// <summary>
/// A strict Content Security Policy (no inline script, no third-party origin) and the usual
/// hardening headers on every response. An endpoint may carry a <see cref="ContentSecurityPolicy"/>
/// of its own; the headers are written when the response starts, after routing chose the endpoint.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var policy = context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicy>() ?? ContentSecurityPolicy.Strict;
            headers.ContentSecurityPolicy = policy.Value;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
