using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Vern.Infrastructure.Hosting;

/// <summary>
/// The address people reach Vern at: the only base of the links and issuers Vern writes (e-mails,
/// consent receipts, feeds). A request's <c>Host</c> header is never used: anyone can send any
/// <c>Host</c>, and a link built from it would carry a genuine single-use token to a site of their choosing.
/// </summary>
internal sealed class PublicUrl(IConfiguration configuration, IServer server)
{
    public const string Setting = "Vern:PublicUrl";

    private readonly Uri? configured = Parse(configuration[Setting]);

    /// <summary>
    /// <c>Vern:PublicUrl</c>, or, when it is not set (allowed in Development and in-process only), the
    /// address this instance listens on, so a laptop's links open the laptop's Vern.
    /// </summary>
    public Uri Base => configured ?? Listening();

    /// <summary>The base without its trailing slash, as receipts name their issuer.</summary>
    public string Origin => Base.GetLeftPart(UriPartial.Authority);

    /// <summary>A link to <paramref name="pathAndQuery"/> (starting with <c>/</c>) on the public site.</summary>
    public Uri Link(string pathAndQuery) => new(Base, pathAndQuery);

    /// <summary>
    /// Outside Development, serving needs an https public address from configuration: links that
    /// fall back to an internal listening address would be wrong behind a proxy, and links over
    /// http would expose single-use tokens on the way.
    /// </summary>
    public static void RequireForServing(IConfiguration configuration, IHostEnvironment environment)
    {
        var url = Parse(configuration[Setting]);
        if (environment.IsDevelopment())
            return;
        if (url is null)
            throw new StartupException($"{Setting} must be set to the https address people reach Vern at, such as https://privacy.example.com, outside Development.");
        if (url.Scheme != Uri.UriSchemeHttps)
            throw new StartupException($"{Setting} must be an https address outside Development, not '{url}'.");
    }

    /// <summary>The configured public address, or null when none is set; for verbs that serve nothing.</summary>
    public static Uri? Configured(IConfiguration configuration) => Parse(configuration[Setting]);

    /// <summary>Whether people reach Vern over https, whatever scheme a proxy in front speaks to it.</summary>
    public static bool IsHttps(IConfiguration configuration) => Parse(configuration[Setting])?.Scheme == Uri.UriSchemeHttps;

    private static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        // Links are built from the site's root, so a path here would be dropped silently: refuse it instead.
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
            || url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            throw new StartupException($"{Setting} must be an address such as https://privacy.example.com, with no path, not '{value}'.");
        return new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
    }

    private Uri Listening()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)
            .Replace("0.0.0.0", "localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal));
    }
}
