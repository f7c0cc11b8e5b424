using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Newsletter.Import;

namespace Vern.Features.Newsletter.Admin;

/// <summary>
/// Importing subscribers from a CSV file: each row with its basis and source; those imported are asked to confirm. The
/// file is read whole before anything is written, and a file with a bad row imports nothing.
/// </summary>
[RequestSizeLimit(NewsletterImport.MaxBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = NewsletterImport.MaxBytes + 64 * 1024)]
internal sealed class ImportModel(NewsletterImport import) : PageModel
{
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public ImportOutcome? Outcome { get; private set; }
    public int Rows { get; private set; }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Problems = ["Choose a CSV file to import."];
            return Page();
        }
        if (file.Length > NewsletterImport.MaxBytes)
        {
            Problems = [$"The file is larger than {NewsletterImport.MaxBytes / 1024 / 1024} MB; split it."];
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
        var (rows, problems) = NewsletterImport.Read(reader);
        Problems = problems;
        Rows = rows.Count;
        if (problems.Count == 0)
            Outcome = await import.ImportAsync(rows, User.Identity!.Name!, HttpContext.RequestAborted);
        return Page();
    }
}
