using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Model;

namespace Vern.Features.Policies.Centre;

internal sealed class PolicyModel(AppDb db, ModelStore models, TimeProvider time) : PageModel
{
    public string Language { get; private set; } = "en";
    public PolicyVersion? Version { get; private set; }
    /// <summary>Sanitised by <see cref="PolicyRenderer"/>; generated sections are encoded.</summary>
    public string Html { get; private set; } = "";

    public async Task OnGetAsync()
    {
        Language = CentreLanguage.Resolve(Request);
        Version = await PolicyHistory.Current(db, time, Language, HttpContext.RequestAborted);
        if (Version is not null)
            Html = PolicyRenderer.ToHtml(Version.Markdown, models.Current.Model, Version.Language);
    }
}
