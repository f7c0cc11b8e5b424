using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches.Admin;

/// <summary>Reporting a suspected incident: three fields, so any staff member does it in under a minute.</summary>
internal sealed class ReportModel(Incidents incidents, TimeProvider time) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Nature { get; set; }
    [BindProperty] public string? AwareAt { get; set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public Guid? Reported { get; private set; }

    public void OnGet(Guid? reported)
    {
        Reported = reported;
        AwareAt = IncidentForm.Local(time.GetUtcNow().UtcDateTime);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var aware = IncidentForm.Time(AwareAt, "awareAt", Text<IncidentTexts>.In(null).TimeInvalid, errors);
        if (errors.Count == 0)
        {
            var (incident, refused) = await incidents.ReportAsync(new IncidentReport(Title, Nature, aware), User.Identity!.Name!, HttpContext.RequestAborted);
            if (incident is not null)
                return Redirect($"/admin/incidents/report?reported={incident.Id}");
            errors = refused;
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
