using System.Globalization;
using System.Text;
using Vern.Features.Model;
using static Vern.Features.Policies.Html;

namespace Vern.Features.Policies;

/// <summary>The cookie declaration: per consent category, its services and a table of its cookies.</summary>
internal static class CookieSection
{
    public static string Render(PrivacyModel model, SectionWords w)
    {
        var lang = w.Language;
        var sb = new StringBuilder();
        foreach (var category in model.ConsentCategories)
        {
            var id = "cookies-" + Encode(category.Id);
            sb.Append(CultureInfo.InvariantCulture, $"<section class=\"cookie-category\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{Encode(category.Name[lang])}</h3>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<p>{Encode(category.Description[lang])}</p>\n<p class=\"status\">{(category.Required ? w.AlwaysOn : w.AskConsent)}</p>\n");
            var services = model.Services.Where(s => s.Category == category.Id).ToList();
            if (services.Count > 0)
                sb.Append(CultureInfo.InvariantCulture, $"<p>{w.Services}: {Encode(string.Join(", ", services.Select(s => $"{s.Name} ({ProviderName(model, s.Provider)})")))}</p>\n");
            var cookies = model.Cookies.Where(c => c.Category == category.Id).ToList();
            if (cookies.Count == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p>{w.NoCookies}</p>\n</section>\n");
                continue;
            }
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"table-wrap\"><table>\n<caption>{w.CookiesCaption} {Encode(category.Name[lang])}</caption>\n<thead><tr>");
            foreach (var column in new[] { w.Name, w.Provider, w.Category, w.Purpose, w.Lifetime, w.Country })
                sb.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{column}</th>");
            sb.Append("</tr></thead>\n<tbody>\n");
            foreach (var c in cookies)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\"><code>{Encode(c.Name)}</code></th><td>{Encode(ProviderName(model, c.Provider))}</td><td>{Encode(category.Name[lang])}</td>");
                sb.Append(CultureInfo.InvariantCulture, $"<td>{Encode(c.Purpose[lang])}</td><td>{Encode(Durations.Lifetime(c.Lifetime, lang))}</td><td>{Encode(CountryNames.Name(c.Country, lang))}</td></tr>\n");
            }
            sb.Append("</tbody>\n</table></div>\n</section>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Link("/privacy/preferences", w.ChangeChoice)}</p>\n");
        return sb.ToString();
    }

    /// <summary>"self" is the company itself; other providers are recipients named by id.</summary>
    public static string ProviderName(PrivacyModel model, string provider) =>
        provider == "self" ? model.Controller.Name : model.Recipient(provider)?.Name ?? provider;
}
