using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Subjects.Admin;

internal sealed class SearchModel(SubjectVault vault, AppDb db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty] public Guid? SubjectId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public bool Searched { get; private set; }
    public PersonalDetails? Details { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
            return;
        Searched = true;
        SubjectId = await vault.FindByEmailAsync(Email, HttpContext.RequestAborted);
        // Whether someone is known to Vern is itself personal data: the search is recorded too.
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "subject.searched", SubjectId, details: SubjectId is null ? "no match" : "match"));
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Searched = true;
        if (SubjectId is null)
            return RedirectToPage();
        if (string.IsNullOrWhiteSpace(Reason))
        {
            Error = "Give a reason: it is recorded with the view.";
            return Page();
        }
        Details = await vault.RevealAsync(SubjectId.Value, HttpContext.RequestAborted);
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "subject.viewed", SubjectId, Reason.Trim(),
            Details is null ? "shredded or unknown" : "email,name,phone,company"));
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }
}
