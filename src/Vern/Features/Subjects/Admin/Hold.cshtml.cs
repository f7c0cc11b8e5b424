using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Rights;

namespace Vern.Features.Subjects.Admin;

/// <summary>A person's holds in force, and the form that places one (privacy officer).</summary>
internal sealed class HoldModel(AppDb db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }
    [BindProperty(SupportsGet = true)] public bool Placed { get; set; }
    public IReadOnlyList<SubjectHold> Holds { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        Errors = await PlaceHold.HandleAsync(db, time, User.Identity!.Name!, Id, Reason, Until, HttpContext.RequestAborted);
        if (Errors.Count == 0)
            return RedirectToPage(new { Id, Placed = true });
        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        if (!await db.Subjects.AnyAsync(s => s.Id == Id, HttpContext.RequestAborted))
            return false;
        Holds = await db.SubjectHolds.AsNoTracking().Where(h => h.SubjectId == Id && h.ReleasedAt == null)
            .OrderBy(h => h.Until).ToListAsync(HttpContext.RequestAborted);
        return true;
    }
}
