using System.Net;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Centre;

/// <summary>Fetches privacy-centre pages as text with entities decoded, so tests read what a visitor reads.</summary>
internal static class CentreHttp
{
    public static async Task<string> GetAsync(TestApp app, string path, string? acceptLanguage = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's own content, without the site's header and footer.</summary>
    public static string Content(string html)
    {
        var start = html.IndexOf("<main", StringComparison.Ordinal);
        var end = html.IndexOf("</main>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The page has no <main>.");
        return html[start..end];
    }

    /// <summary>The table row whose header cell starts with <paramref name="name"/>.</summary>
    public static string Row(string html, string name)
    {
        var start = html.IndexOf("<th scope=\"row\">" + name, StringComparison.Ordinal);
        if (start < 0)
            start = html.IndexOf("<th scope=\"row\"><code>" + name + "</code>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No row for {name}");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
