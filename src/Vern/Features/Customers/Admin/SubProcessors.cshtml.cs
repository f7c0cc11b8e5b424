using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Staff;

namespace Vern.Features.Customers.Admin;

/// <summary>A customer's notice of one definition version's changes, with the objection if any, as the console lists it.</summary>
/// <see cref="Outside"/> names the sub-processors of the change that the customer's own instructions do not allow.
internal sealed record NoticeRow(Guid Id, int ModelVersion, string Organisation, DateTime SentAt, DateOnly EffectiveOn, DateTime? ObjectedAt, string? Reason,
    ObjectionResolution? Resolution, string? ResolutionNote, DateTime? ResolvedAt, string? ResolvedBy, IReadOnlyList<string> Outside);

/// <summary>
/// Each change to the processor activities' sub-processors, which customers were told and when, and their objections.
/// The account manager sees that a customer objected; the privacy officer reads why (audited) and resolves it.
/// </summary>
internal sealed class SubProcessorsModel(AppDb db, SubProcessorNotices notices) : PageModel
{
    public IReadOnlyList<SubProcessorChange> Changes { get; private set; } = [];
    public IReadOnlyList<NoticeRow> Notices { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task OnGetAsync(bool resolved = false)
    {
        var ct = HttpContext.RequestAborted;
        Done = resolved ? "The objection was resolved." : null;
        Changes = await db.SubProcessorChanges.AsNoTracking().OrderByDescending(c => c.ModelVersion).ThenBy(c => c.RecipientName).Take(200).ToListAsync(ct);
        var rows = await (from n in db.SubProcessorNotices.AsNoTracking()
                          join c in db.Customers on n.CustomerId equals c.Id
                          orderby n.ModelVersion descending, c.Organisation
                          select new { n, c }).Take(500).ToListAsync(ct);
        var officer = User.IsInRole(StaffRoles.PrivacyOfficer);
        var list = new List<NoticeRow>(rows.Count);
        foreach (var (n, customer) in rows.Select(r => (r.n, r.c)))
        {
            var reason = officer && n.ObjectedAt is not null ? await notices.ReasonAsync(n.Id, User.Identity!.Name!, ct) : null;
            var outside = Changes.Where(c => c.ModelVersion == n.ModelVersion && c.Kind != SubProcessorChangeKind.Removed
                    && customer.Activities.Contains(c.ActivityId) && !customer.Allows(c.Country))
                .Select(c => $"{c.RecipientName} ({c.Country})").Distinct().ToList();
            list.Add(new NoticeRow(n.Id, n.ModelVersion, customer.Organisation, n.SentAt, n.EffectiveOn, n.ObjectedAt, reason, n.Resolution, n.ResolutionNote, n.ResolvedAt, n.ResolvedBy, outside));
        }
        Notices = list;
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid notice, ObjectionResolution resolution, string? note)
    {
        if (!User.IsInRole(StaffRoles.PrivacyOfficer))
            return Forbid();
        if (!Enum.IsDefined(resolution) || !await notices.ResolveAsync(notice, resolution, note, User.Identity!.Name!, HttpContext.RequestAborted))
            return NotFound();
        return Redirect("/admin/customers/subprocessors?resolved=true");
    }
}
