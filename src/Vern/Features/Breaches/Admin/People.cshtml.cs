using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches.Admin;

/// <summary>
/// The people affected by a high-risk incident and the notice they receive (Art. 34): privacy officers only, since it
/// names them; each view of the list is audited.
/// </summary>
internal sealed class PeopleModel(Incidents incidents, PeopleBreachNotices notices) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public IReadOnlyList<(IncidentPerson Person, string? Email)> People { get; private set; } = [];

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Language { get; set; } = Languages.Default;
    [BindProperty] public Dictionary<string, string?> Happened { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> ToDo { get; set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Failed { get; private set; }
    public int? Told { get; private set; }
    public bool Added { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? told, bool added)
    {
        (Told, Added) = (told, added);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id)
    {
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is null)
            return NotFound();
        var errors = await notices.AddAsync(id, Email, Language, User.Identity!.Name!, HttpContext.RequestAborted);
        return errors.Count == 0 ? Redirect($"/admin/incidents/{id}/people?added=true") : await FailAsync(id, "add", errors);
    }

    public async Task<IActionResult> OnPostNotifyAsync(Guid id)
    {
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is null)
            return NotFound();
        var words = Languages.Supported.ToDictionary(l => l, l => (Happened.GetValueOrDefault(l), ToDo.GetValueOrDefault(l)));
        var (told, errors) = await notices.NotifyAsync(id, words, User.Identity!.Name!, HttpContext.RequestAborted);
        return errors.Count == 0 ? Redirect($"/admin/incidents/{id}/people?told={told}") : await FailAsync(id, "notify", errors);
    }

    public string? Error(string form, string field) => Failed == form && Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    private async Task<IActionResult> FailAsync(Guid id, string form, Dictionary<string, string[]> errors)
    {
        Errors = errors;
        Failed = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is not { } incident)
            return false;
        Incident = incident;
        People = await notices.ListAsync(id, User.Identity!.Name!, HttpContext.RequestAborted);
        return true;
    }
}
