using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Admin;

internal sealed class IndexModel(AppDb db, TimeProvider time) : PageModel
{
    public IReadOnlyList<RightsRequest> Requests { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync()
    {
        Today = OsloCalendar.Today(time);
        // The queue shows ids, types and dates only: opening a person's data is the People page's audited view.
        Requests = await db.RightsRequests.AsNoTracking().OrderBy(r => r.DueDate).ThenBy(r => r.ReceivedAt).Take(500).ToListAsync(HttpContext.RequestAborted);
    }
}
