using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Disclosures.Admin;
using Vern.Features.Staff;

namespace Vern.Features.Blocks.Admin;

/// <summary>
/// The blocks: holds awaiting a person's confirmation, contests awaiting review with their deadlines, every block and
/// where it stands, and the form that blocks a person by e-mail address.
/// </summary>
internal sealed class IndexModel(FraudBlocks blocks, IAuthorizationService authorization) : PageModel
{
    public List<Block> Blocks { get; private set; } = [];
    public List<BlockContest> OpenContests { get; private set; } = [];
    public DateTime Now => blocks.Now;
    public bool CanManage { get; private set; }
    public bool HasPurpose => blocks.Purpose is not null;
    public int MaxDays => blocks.MaxDays;

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? EndsOn { get; set; }
    [BindProperty] public string? Language { get; set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (!CanManage)
            return Forbid();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var endsOn = NewModel.Date(EndsOn, "endsOn", errors);
        if (errors.Count == 0)
        {
            var (block, refused) = await blocks.PlaceAsync(new BlockInput(Email, Reason, endsOn, Language), User.Identity!.Name!, HttpContext.RequestAborted);
            if (block is not null)
                return Redirect($"/admin/blocks/{block.Id}?placed=true");
            errors = refused;
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync()
    {
        CanManage = (await authorization.AuthorizeAsync(User, StaffPolicies.ManageBlocks)).Succeeded;
        Blocks = await blocks.ListAsync(HttpContext.RequestAborted);
        OpenContests = [.. (await blocks.ContestsAsync(HttpContext.RequestAborted)).Where(c => c.DecidedAt is null)];
    }
}
