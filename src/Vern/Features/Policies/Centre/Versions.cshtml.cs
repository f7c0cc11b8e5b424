using Vern.Data;
using Vern.Features.Centre;

namespace Vern.Features.Policies.Centre;

internal sealed class VersionsModel(AppDb db) : CentrePageModel
{
    public IReadOnlyList<PolicyVersion> Versions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Versions = await PolicyHistory.Published(db, Lang, HttpContext.RequestAborted);
    }
}
