using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Admin;

internal sealed class IndexModel(AppDb db, TimeProvider time) : PageModel
{
    /// <summary>open (the default) or closed.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    public bool Closed => Show == "closed";
    public IReadOnlyList<RightsRequest> Requests { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync()
    {
        Today = OsloCalendar.Today(time);
        // The queue shows ids, types and dates only: opening a person's data is the People page's audited view.
        var requests = db.RightsRequests.AsNoTracking();
        requests = Closed
            ? requests.Where(r => r.Status == RightsRequestStatus.Completed || r.Status == RightsRequestStatus.Refused || r.Status == RightsRequestStatus.Expired)
                .OrderByDescending(r => r.ClosedAt).ThenByDescending(r => r.ReceivedAt)
            : requests.Where(r => r.Status != RightsRequestStatus.Completed && r.Status != RightsRequestStatus.Refused && r.Status != RightsRequestStatus.Expired)
                .OrderBy(r => r.ExtendedDueDate ?? r.DueDate).ThenBy(r => r.ReceivedAt);
        Requests = await requests.Take(500).ToListAsync(HttpContext.RequestAborted);
    }
}
