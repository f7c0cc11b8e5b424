using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Centre;

/// <summary>A privacy-centre page: resolves its language and says that the answer depends on Accept-Language.</summary>
internal abstract class CentrePageModel : PageModel
{
    public string Lang { get; private set; } = Languages.Default;
    public CentreText Text => Text<CentreText>.In(Lang);

    protected void UseRequestLanguage()
    {
        Lang = CentreLanguage.Resolve(Request);
        Response.Headers.Vary = HeaderNames.AcceptLanguage;
        Response.Headers.ContentLanguage = Lang;
    }
}
