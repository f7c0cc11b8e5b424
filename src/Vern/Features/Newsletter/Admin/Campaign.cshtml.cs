using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Features.Staff;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter.Admin;

/// <summary>
/// Writing a campaign (a subject and Markdown per language), previewing it as subscribers will see it, sending a test to
/// oneself and scheduling it; once it goes, its figures and a chart per day. Only a draft can be changed.
/// </summary>
internal sealed class CampaignModel(AppDb db, Campaigns.Campaigns campaigns, CampaignFigures figures, UserManager<StaffUser> users, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public Dictionary<string, string> Subjects { get; set; } = [];
    [BindProperty] public Dictionary<string, string> Bodies { get; set; } = [];
    /// <summary>When to send, in Oslo time as the form's date-time field gives it.</summary>
    [BindProperty] public DateTime? SendAt { get; set; }

    public Campaign? Campaign { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>Each saved edition as subscribers will see it.</summary>
    public IReadOnlyDictionary<string, MailContent> Previews { get; private set; } = new Dictionary<string, MailContent>();
    public string? Notice { get; private set; }
    public CampaignCounts? Counts { get; private set; }
    public IReadOnlyList<CampaignDay> Days { get; private set; } = [];
    public bool Editable => Campaign is null or { Status: CampaignStatus.Draft };

    private string Staff => User.Identity!.Name!;
    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        if (Campaign is { } campaign)
        {
            Title = campaign.Title;
            Subjects = campaign.Editions.ToDictionary(e => e.Key, e => e.Value.Subject);
            Bodies = campaign.Editions.ToDictionary(e => e.Key, e => e.Value.Markdown);
        }
        return Page();
    }

    /// <summary>Saves the draft (a new one gets its own address); the page shows its preview.</summary>
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        if (!Editable)
            return Refused("This campaign is no longer a draft: it cannot be changed.");
        var input = Input();
        Errors = campaigns.Validate(input);
        if (Errors.Count > 0)
            return Page();
        if (Campaign is null)
        {
            var created = await campaigns.CreateAsync(input, Staff, Ct);
            return RedirectToPage(new { id = created.Id });
        }
        await campaigns.UpdateAsync(Campaign.Id, input, Staff, Ct);
        await LoadAsync();
        Notice = "Saved.";
        return Page();
    }

    /// <summary>Sends every edition, as saved, to the signed-in staff member's own address.</summary>
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!await LoadAsync() || Campaign is null)
            return NotFound();
        var email = (await users.GetUserAsync(User))?.Email;
        if (email is null)
            return Refused("Your staff account has no e-mail address to send the test to.");
        await campaigns.SendTestAsync(Campaign, email, Staff, Ct);
        Notice = $"A test of each language was sent to {email}.";
        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync()
    {
        if (!await LoadAsync() || Campaign is null)
            return NotFound();
        if (SendAt is not { } local)
        {
            Errors = new Dictionary<string, string[]> { ["sendAt"] = ["Give the date and time to send it."] };
            return Page();
        }
        var at = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), OsloCalendar.Zone);
        if (!await campaigns.ScheduleAsync(Campaign.Id, at, Staff, Ct))
            return Refused("Only a draft can be scheduled.");
        await LoadAsync();
        Notice = at <= time.GetUtcNow().UtcDateTime ? "Scheduled to go now." : $"Scheduled for {local:yyyy-MM-dd HH:mm} (Oslo).";
        return Page();
    }

    public async Task<IActionResult> OnPostUnscheduleAsync()
    {
        if (!await LoadAsync() || Campaign is null)
            return NotFound();
        if (!await campaigns.UnscheduleAsync(Campaign.Id, Staff, Ct))
            return Refused("It has started: a campaign being sent cannot be stopped from here.");
        await LoadAsync();
        Notice = "Taken back to a draft.";
        return Page();
    }

    private PageResult Refused(string why)
    {
        Errors = new Dictionary<string, string[]> { ["campaign"] = [why] };
        return Page();
    }

    private CampaignInput Input() => new(Title, Languages.Supported
        .Where(l => !string.IsNullOrWhiteSpace(Subjects.GetValueOrDefault(l)) || !string.IsNullOrWhiteSpace(Bodies.GetValueOrDefault(l)))
        .ToDictionary(l => l, l => new CampaignEdition(Subjects.GetValueOrDefault(l) ?? "", Bodies.GetValueOrDefault(l) ?? "")));

    /// <summary>The campaign the address names, or none for a new one; false for an address that names none.</summary>
    private async Task<bool> LoadAsync()
    {
        if (Id is not { } id)
            return true;
        Campaign = await db.Campaigns.AsNoTracking().Newsletters().FirstOrDefaultAsync(c => c.Id == id, Ct);
        if (Campaign is null)
            return false;
        Previews = Campaign.Editions.ToDictionary(e => e.Key, e => Campaigns.Campaigns.Preview(e.Value));
        Counts = (await figures.CountsAsync([id], Ct))[id];
        Days = await figures.DaysAsync(id, Ct);
        return true;
    }
}
