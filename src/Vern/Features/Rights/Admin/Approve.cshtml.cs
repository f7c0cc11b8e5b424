using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Rights.Access;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Admin;

/// <summary>"Approve and send" on the case page of a package that waits for review.</summary>
[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class ApproveModel(AppDb db, SubjectVault vault, MailOutbox outbox, ModelStore models, TimeProvider time, IConfiguration configuration, PublicUrl site) : PageModel
{
    public Guid Id { get; private set; }
    public RightsRequest? Case { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Id = id;
        Case = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, HttpContext.RequestAborted);
        return Case is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Id = id;
        Error = await ApproveAccessPackage.Handle(db, vault, outbox, time, models.Current.Model, AccessPackages.Lifetime(configuration),
            id, User.Identity!.Name!, site.Base, HttpContext.RequestAborted);
        return Error is null ? Redirect($"/admin/requests/{id}?done=approved") : Page();
    }
}
