using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Audit;
using Vern.Features.Model;

namespace Vern.Features.Disclosures.Admin;

/// <summary>
/// One disclosure: what was disclosed to whom and why, the people concerned (by id only: opening a person is audited
/// elsewhere), its gag, and its history from the audit trail. The gag is lifted, or its review date moved with a reason.
/// </summary>
internal sealed class DisclosureModel(DisclosureRegister register, ModelStore models) : PageModel
{
    public Disclosure Disclosure { get; private set; } = null!;
    public IReadOnlyList<Guid> Persons { get; private set; } = [];
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    public PrivacyModel Definition => models.Current.Model;
    public DateOnly Today => register.Today;

    [BindProperty] public string? ReviewOn { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool recorded, bool lifted, bool extended)
    {
        Notice = recorded ? "recorded" : lifted ? "lifted" : extended ? "extended" : null;
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostLiftAsync(Guid id) =>
        ChangeAsync(id, "lifted", () => register.LiftGagAsync(id, User.Identity!.Name!, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostExtendAsync(Guid id) => ChangeAsync(id, "extended", () =>
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var until = NewModel.Date(ReviewOn, "reviewOn", errors);
        return errors.Count > 0 ? Task.FromResult(errors) : register.ExtendGagAsync(id, until, Reason, User.Identity!.Name!, HttpContext.RequestAborted);
    });

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<IActionResult> ChangeAsync(Guid id, string done, Func<Task<Dictionary<string, string[]>>> change)
    {
        if (await register.FindAsync(id, HttpContext.RequestAborted) is null)
            return NotFound();
        var errors = await change();
        if (errors.Count == 0)
            return Redirect($"/admin/disclosures/{id}?{done}=true");
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await register.FindAsync(id, HttpContext.RequestAborted) is not { } disclosure)
            return false;
        Disclosure = disclosure;
        Persons = await register.PersonsAsync(id, HttpContext.RequestAborted);
        History = await register.HistoryAsync(id, HttpContext.RequestAborted);
        ReviewOn ??= disclosure.GagReviewOn is { } review ? DisclosureRegister.Day(review) : null;
        return true;
    }
}
