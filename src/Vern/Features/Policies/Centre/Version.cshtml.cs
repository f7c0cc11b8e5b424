using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Model;

namespace Vern.Features.Policies.Centre;

internal sealed class VersionModel(AppDb db, ModelStore models) : CentrePageModel
{
    public PolicyVersion Version { get; private set; } = null!;
    public PolicyVersion? Previous { get; private set; }
    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];
    public string Html { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int number)
    {
        UseRequestLanguage();
        var ct = HttpContext.RequestAborted;
        var version = await db.PolicyVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Language == Lang && v.Number == number && v.Status == PolicyStatus.Published, ct);
        if (version is null)
            return NotFound();
        Version = version;
        Previous = await PolicyHistory.Previous(db, version, ct);
        if (Previous is not null)
            Diff = PolicyDiff.Compare(Previous.Markdown, version.Markdown);
        Html = await PolicyRenderer.ToHtmlAsync(version.Markdown, models.Current.Model, version.Language);
        return Page();
    }
}
