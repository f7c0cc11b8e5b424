using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Disclosures.Admin;
using Vern.Features.Staff;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks.Admin;

/// <summary>
/// One block: its grounds and where it stands, confirming a hold, lifting it early, and each contest with its deadline,
/// the person's statement (opened on request, audited) and the reviewer's decision.
/// </summary>
internal sealed class BlockModel(FraudBlocks blocks, IAuthorizationService authorization) : PageModel
{
    public Block Block { get; private set; } = null!;
    public List<BlockContest> Contests { get; private set; } = [];
    public DateTime Now => blocks.Now;
    public bool CanManage { get; private set; }
    /// <summary>The contest whose statement was opened, and the statement.</summary>
    public (Guid Contest, string? Text)? Statement { get; private set; }

    [BindProperty] public string? EndsOn { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Guid ContestId { get; set; }
    [BindProperty] public ContestOutcome? Outcome { get; set; }
    public string? Error { get; private set; }
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? statement)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (statement is { } open && Contests.FirstOrDefault(c => c.Id == open) is { } contest)
        {
            if (!CanManage)
                return Forbid();
            Statement = (open, await blocks.OpenStatementAsync(contest, User.Identity!.Name!, HttpContext.RequestAborted));
        }
        return Page();
    }

    public Task<IActionResult> OnPostConfirmAsync(Guid id) => ChangeAsync(id, "confirm", () =>
    {
        var errors = new Dictionary<string, string[]>();
        var day = NewModel.Date(EndsOn, "endsOn", errors);
        return errors.Count > 0 ? Task.FromResult<string?>(errors["endsOn"][0]) : blocks.ConfirmAsync(id, day, Actor, HttpContext.RequestAborted);
    });

    public Task<IActionResult> OnPostLiftAsync(Guid id) => ChangeAsync(id, "lift", () => blocks.LiftAsync(id, Reason, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDecideAsync(Guid id) => ChangeAsync(id, $"decide-{ContestId}", () =>
        Contests.Any(c => c.Id == ContestId) ? blocks.DecideAsync(ContestId, Outcome, Reason, Actor, HttpContext.RequestAborted) : Task.FromResult<string?>(Text<BlockTexts>.In(Languages.Default).ContestUnknown));

    private string Actor => User.Identity!.Name!;

    private async Task<IActionResult> ChangeAsync(Guid id, string form, Func<Task<string?>> change)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (!CanManage)
            return Forbid();
        if (await change() is not { } error)
            return Redirect($"/admin/blocks/{id}?saved=true");
        await LoadAsync(id);
        Error = error;
        Failed = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await blocks.FindAsync(id, HttpContext.RequestAborted) is not { } block)
            return false;
        Block = block;
        Contests = await blocks.ContestsOfAsync(id, HttpContext.RequestAborted);
        CanManage = (await authorization.AuthorizeAsync(User, StaffPolicies.ManageBlocks)).Succeeded;
        return true;
    }
}
