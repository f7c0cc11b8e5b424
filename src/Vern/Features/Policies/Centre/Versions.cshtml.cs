using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Centre;

namespace Vern.Features.Policies.Centre;

internal sealed class VersionsModel(AppDb db) : PageModel
{
    public string Language { get; private set; } = "en";
    public IReadOnlyList<PolicyVersion> Versions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Language = CentreLanguage.Resolve(Request);
        Versions = await PolicyHistory.Published(db, Language, HttpContext.RequestAborted);
    }
}
