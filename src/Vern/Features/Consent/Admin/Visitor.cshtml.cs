using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent.Admin;

internal sealed class VisitorModel(AppDb db, LookupHasher hasher, VisitorIds visitorIds, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? VisitorId { get; set; }
    public IReadOnlyList<ConsentRecord>? Decisions { get; private set; }

    public async Task OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(VisitorId))
            return;
        var ct = HttpContext.RequestAborted;
        Decisions = await ConsentLookup.ByVisitorAsync(db, hasher, visitorIds, VisitorId.Trim(), ct);
        // A visitor's choices are personal data: the search is recorded, without the visitor id itself.
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "consent.searched", details: $"{Decisions.Count} decisions"));
        await db.SaveChangesAsync(ct);
    }
}
