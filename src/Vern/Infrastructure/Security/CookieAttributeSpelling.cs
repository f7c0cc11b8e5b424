using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Vern.Infrastructure.Security;

/// <summary>
/// Writes the attribute names of every <c>Set-Cookie</c> header as RFC 6265 spells them (<c>Path</c>,
/// <c>Secure</c>, <c>HttpOnly</c>, <c>SameSite</c>). ASP.NET Core writes them in lower case, which browsers
/// accept, but audit tools and security scanners that look for the RFC's spelling report such a cookie as
/// lacking <c>HttpOnly</c>, and whoever checks Vern's cookies should see what the RFC says they should.
/// </summary>
internal static class CookieAttributeSpelling
{
    private static readonly FrozenDictionary<string, string> Canonical =
        new[] { "Expires", "Max-Age", "Domain", "Path", "Secure", "HttpOnly", "SameSite", "Partitioned" }
            .ToFrozenDictionary(name => name, StringComparer.OrdinalIgnoreCase);

    public static void Apply(IHeaderDictionary headers)
    {
        var cookies = headers.SetCookie;
        if (cookies.Count == 0)
            return;
        var spelled = new string?[cookies.Count];
        for (var i = 0; i < cookies.Count; i++)
            spelled[i] = cookies[i] is { } cookie ? Spell(cookie) : null;
        headers.SetCookie = new StringValues(spelled);
    }

    /// <summary>One header with its attribute names respelled; the cookie's name and value and every attribute value are kept as they are.</summary>
    internal static string Spell(string setCookie)
    {
        var parts = setCookie.Split(';');
        // The first part is the cookie itself (name=value); only the attributes after it are respelled.
        for (var i = 1; i < parts.Length; i++)
        {
            var attribute = parts[i].TrimStart();
            var equals = attribute.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? attribute : attribute[..equals]).TrimEnd();
            if (Canonical.TryGetValue(name, out var canonical))
                parts[i] = " " + canonical + (equals < 0 ? "" : attribute[equals..]);
        }
        return string.Join(';', parts);
    }
}
