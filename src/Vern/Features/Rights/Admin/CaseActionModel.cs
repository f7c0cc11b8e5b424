using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Rights.Admin;

/// <summary>
/// A form that acts on one case (extend, refuse, rectify): on success back to the case page with a
/// notice, on a refusal the form again with the reason and what was typed.
/// </summary>
internal abstract class CaseActionModel(AppDb db) : PageModel
{
    protected AppDb Db { get; } = db;

    public RightsRequest Case { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    /// <param name="act">The use case; returns null when done, otherwise why not.</param>
    /// <param name="done">The notice the case page shows afterwards.</param>
    protected async Task<IActionResult> ActAsync(Guid id, Func<Task<string?>> act, string done)
    {
        Error = await act();
        if (Error is null)
            return Redirect($"/admin/requests/{id}?done={done}");
        Db.ChangeTracker.Clear();
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var request = await Db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, HttpContext.RequestAborted);
        Case = request!;
        return request is not null;
    }
}
