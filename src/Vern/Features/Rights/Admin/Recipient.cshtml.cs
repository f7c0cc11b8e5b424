using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Staff;

namespace Vern.Features.Rights.Admin;

/// <summary>"Mark as told / acknowledged" for a recipient that has no connector (Art. 19).</summary>
[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class RecipientModel(AppDb db, TimeProvider time) : PageModel
{
    [BindProperty] public string? Source { get; set; }
    public Guid Id { get; private set; }
    public string? Error { get; private set; }

    public IReadOnlyList<RequestSourceResult> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Id = id;
        var ct = HttpContext.RequestAborted;
        if (!await db.RightsRequests.AnyAsync(r => r.Id == id, ct))
            return NotFound();
        Pending = await db.RequestSourceResults.AsNoTracking()
            .Where(r => r.RequestId == id && r.Status == SourceStatus.Notify && r.Source.StartsWith(RecipientNotices.Prefix))
            .OrderBy(r => r.Source)
            .ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Id = id;
        Error = await RecipientNotices.MarkToldAsync(db, time, id, Source, User.Identity!.Name!, HttpContext.RequestAborted);
        return Error is null ? Redirect($"/admin/requests/{id}?done=notified") : Page();
    }
}
