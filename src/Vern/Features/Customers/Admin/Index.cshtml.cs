using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Customers.Admin;

/// <summary>Every customer with its licence and state, and how many contacts it has: organisations, never who.</summary>
internal sealed class IndexModel(AppDb db, TimeProvider time) : PageModel
{
    public IReadOnlyList<Customer> Customers { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Contacts { get; private set; } = new Dictionary<Guid, int>();
    public DateOnly Today { get; private set; }
    public Func<Guid, Agreements.DpaStanding> Standing { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Today = OsloCalendar.Today(time);
        Customers = await db.Customers.AsNoTracking().OrderBy(c => c.Organisation).ToListAsync(ct);
        Standing = await Agreements.DpaStandings.ReadAsync(db, ct);
        Contacts = await db.CustomerContacts.GroupBy(c => c.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
