using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;

namespace Vern.Features.Breaches.Admin;

/// <summary>
/// The notification to the supervisory authority, from the definition (who the controller and the authority are) and the
/// register (every Art. 33(3) field, the reasons for a delay, the phases), ready to copy into the authority's form or send.
/// </summary>
internal sealed class NoticeModel(Incidents incidents, ModelStore models) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public PrivacyModel Definition => models.Current.Model;
    public IReadOnlyList<IncidentEvent> Phases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is not { } incident)
            return NotFound();
        Incident = incident;
        Phases = [.. (await incidents.TimelineAsync(id, HttpContext.RequestAborted)).Where(e => e.Step == IncidentStep.FollowUp)];
        return Page();
    }
}
