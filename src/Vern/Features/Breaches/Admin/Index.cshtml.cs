using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Breaches.Admin;

/// <summary>
/// The breach register: every incident of a year (this year unless asked), open ones first by deadline, and the year's
/// overview for the privacy officer and auditors: how many, at which risk, notified, and notified within 72 hours.
/// </summary>
internal sealed class IndexModel(Incidents incidents, TimeProvider time) : PageModel
{
    public int Year { get; private set; }
    public DateTime Now { get; private set; }
    public IReadOnlyList<Incident> Register { get; private set; } = [];

    public async Task OnGetAsync(int? year)
    {
        Now = time.GetUtcNow().UtcDateTime;
        Year = year is >= 2000 and <= 9999 ? year.Value : Now.Year;
        Register = await incidents.ListAsync(Year, HttpContext.RequestAborted);
    }

    public int Count(IncidentRisk risk) => Register.Count(i => i.Risk == risk);

    public int Notified => Register.Count(i => i.AuthorityNotifiedAt is not null);

    public int NotifiedInTime => Register.Count(i => i.AuthorityNotifiedAt <= i.Deadline);

    /// <summary>Where the incident's clock stands, in a few words.</summary>
    public string Clock(Incident i) => IncidentClock.Describe(i, Now);
}
