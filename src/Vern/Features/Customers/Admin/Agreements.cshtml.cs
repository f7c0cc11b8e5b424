using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;

namespace Vern.Features.Customers.Admin;

/// <summary>The data processing agreement's versions, and a new draft from Markdown (the privacy officer's).</summary>
internal sealed class AgreementsModel(AppDb db, Agreements.Agreements agreements) : PageModel
{
    public IReadOnlyList<DpaVersion> Versions { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [BindProperty] public string? Markdown { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public async Task OnGetAsync() => Versions = await ListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var text = Upload is { Length: > 0 } ? await new StreamReader(Upload.OpenReadStream()).ReadToEndAsync(HttpContext.RequestAborted) : Markdown ?? "";
        var (version, errors) = await agreements.DraftAsync(text, User.Identity!.Name!, HttpContext.RequestAborted);
        if (version is not null)
            return Redirect($"/admin/customers/agreements/{version.Number}");
        Errors = errors;
        Versions = await ListAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IReadOnlyList<DpaVersion>> ListAsync() =>
        await db.DpaVersions.AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(HttpContext.RequestAborted);
}
