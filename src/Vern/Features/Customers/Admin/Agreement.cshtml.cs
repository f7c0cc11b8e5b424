using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;
using Vern.Features.Policies;

namespace Vern.Features.Customers.Admin;

/// <summary>One version of the agreement: its text as customers read it, what changed from the version before, and publishing a draft.</summary>
internal sealed class AgreementModel(AppDb db, Agreements.Agreements agreements) : PageModel
{
    public DpaVersion Version { get; private set; } = null!;
    public DpaVersion? Previous { get; private set; }
    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];
    public string Html { get; private set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int number, bool published = false)
    {
        if (!await LoadAsync(number))
            return NotFound();
        Message = published ? "Published. Customers can now be asked to accept this version." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int number, string? summary)
    {
        var errors = await agreements.PublishAsync(number, summary, User.Identity!.Name!, HttpContext.RequestAborted);
        if (errors.Count == 0)
            return Redirect($"/admin/customers/agreements/{number}?published=true");
        if (!await LoadAsync(number))
            return NotFound();
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int number)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.DpaVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == number, ct) is not { } version)
            return false;
        Version = version;
        Previous = await db.DpaVersions.AsNoTracking().Where(v => v.Status == PolicyStatus.Published && v.Number < number)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        Diff = Previous is null ? [] : PolicyDiff.Compare(Previous.Markdown, version.Markdown);
        Html = await agreements.HtmlAsync(version);
        return true;
    }
}
