using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Subjects.Admin;

internal sealed class SearchModel(SubjectVault vault, AppDb db, TimeProvider time) : PageModel
{
    /// <summary>
    /// What Art. 18(2) still allows while processing is restricted, besides storage. Viewing the data is
    /// processing, so a view of a restricted person names one of these as well as a reason.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RestrictionGrounds = new Dictionary<string, string>
    {
        ["consent"] = "The person consented to this use",
        ["legal-claims"] = "To establish, exercise or defend legal claims",
        ["others-rights"] = "To protect the rights of another person",
        ["public-interest"] = "For an important public interest",
    };

    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty] public Guid? SubjectId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Ground { get; set; }
    public bool Searched { get; private set; }
    public PersonalDetails? Details { get; private set; }
    public DateTime? RestrictedAt { get; private set; }
    public DateTime? MarketingObjectionAt { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
            return;
        Searched = true;
        SubjectId = await vault.FindByEmailAsync(Email, HttpContext.RequestAborted);
        await LoadLimitsAsync();
        // Whether someone is known to Vern is itself personal data: the search is recorded too.
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "subject.searched", SubjectId, details: SubjectId is null ? "no match" : "match"));
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Searched = true;
        if (SubjectId is null)
            return RedirectToPage();
        await LoadLimitsAsync();
        if (string.IsNullOrWhiteSpace(Reason))
        {
            Error = "Give a reason: it is recorded with the view.";
            return Page();
        }
        if (RestrictedAt is not null && (Ground is null || !RestrictionGrounds.ContainsKey(Ground)))
        {
            Error = "Processing of this person's data is restricted: choose the ground in GDPR Art. 18(2) that allows this view.";
            return Page();
        }
        Details = await vault.RevealAsync(SubjectId.Value, HttpContext.RequestAborted);
        var shown = Details is null ? "shredded or unknown" : "email,name,phone,company";
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "subject.viewed", SubjectId, Reason.Trim(),
            RestrictedAt is null ? shown : $"{shown}; restricted, Art. 18(2) ground: {Ground}"));
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }

    private async Task LoadLimitsAsync()
    {
        if (SubjectId is not { } id)
            return;
        var limits = await db.Subjects.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.RestrictedAt, s.MarketingObjectionAt }).FirstOrDefaultAsync(HttpContext.RequestAborted);
        RestrictedAt = limits?.RestrictedAt;
        MarketingObjectionAt = limits?.MarketingObjectionAt;
    }
}
