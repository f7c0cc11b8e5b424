using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Policies.Admin;

// An uploaded policy may be up to 512 KB, and the text field holds another copy of it.
[RequestSizeLimit(2 * 1024 * 1024)]
internal sealed class IndexModel(AppDb db, TimeProvider time) : PageModel
{
    private const int MaxBytes = 512 * 1024;

    [BindProperty] public string? Markdown { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public IReadOnlyList<PolicyVersion> Versions { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var text = Markdown;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxBytes)
                return await FailAsync("The file is larger than 512 KB.");
            using var reader = new StreamReader(Upload.OpenReadStream());
            text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }
        if (string.IsNullOrWhiteSpace(text))
            return await FailAsync("Paste the policy's Markdown or choose a file.");
        var result = await ImportPolicy.Handle(db, time, text, User.Identity!.Name!, string.IsNullOrEmpty(Language) ? null : Language, HttpContext.RequestAborted);
        if (result.Version is null)
        {
            Errors = result.Errors;
            await LoadAsync();
            return Page();
        }
        return Redirect($"/admin/policies/{result.Version.Id}");
    }

    private async Task<IActionResult> FailAsync(string error)
    {
        Errors = [error];
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Versions = await db.PolicyVersions.AsNoTracking().OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).ToListAsync(HttpContext.RequestAborted);
}
