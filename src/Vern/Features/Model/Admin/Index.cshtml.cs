using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Model.Admin;

// The definition may be up to 1 MB, which the form encodes to up to three times that.
[RequestSizeLimit(4 * 1024 * 1024)]
internal sealed class IndexModel(ModelStore store, AppDb db) : PageModel
{
    private const int MaxLength = 1024 * 1024;

    // Nullable: the framework binds a field sent empty as null.
    [BindProperty] public string? Yaml { get; set; }
    [BindProperty] public string? Comment { get; set; }
    public CurrentModel Current => store.Current;
    public string FilePath => store.FilePath;
    public IReadOnlyList<ModelError> Errors { get; private set; } = [];
    public string? Message { get; private set; }
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Yaml = store.Current.Yaml;
        await LoadVersionsAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var sent = Yaml ?? "";
        var yaml = sent.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (sent.Length > MaxLength)
            Errors = [new ModelError(ModelStore.FileName, 1, "(file)", "The definition is larger than 1 MB.")];
        else if (yaml == store.Current.Yaml)
            Message = "Nothing changed.";
        else
        {
            Errors = await store.SaveAsync(yaml, User.Identity!.Name!, string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim(), writeFile: true, HttpContext.RequestAborted);
            if (Errors.Count == 0)
                Message = $"Saved as version {store.Current.Version}.";
        }
        await LoadVersionsAsync();
        return Page();
    }

    private async Task LoadVersionsAsync() =>
        Versions = await db.ModelVersions.AsNoTracking().OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(v.Number, v.CreatedAt, v.Author, v.Comment)).Take(50).ToListAsync(HttpContext.RequestAborted);
}

internal sealed record VersionRow(int Number, DateTime CreatedAt, string Author, string? Comment);
