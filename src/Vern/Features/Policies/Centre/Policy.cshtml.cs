using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Model;

namespace Vern.Features.Policies.Centre;

internal sealed class PolicyModel(AppDb db, ModelStore models, TimeProvider time) : CentrePageModel
{
    public PolicyVersion? Version { get; private set; }
    /// <summary>Sanitised by <see cref="PolicyRenderer"/>; generated sections are encoded.</summary>
    public string Html { get; private set; } = "";

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Version = await PolicyHistory.Current(db, time, Lang, HttpContext.RequestAborted);
        if (Version is not null)
            Html = await PolicyRenderer.ToHtmlAsync(Version.Markdown, models.Current.Model, Version.Language);
    }
}
