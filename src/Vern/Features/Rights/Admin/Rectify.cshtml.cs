using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Rights.Sources;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class RectifyModel(AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, Mailer mailer, ModelStore models, TimeProvider time) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Company { get; set; }
    public RightsRequest Case { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Error = await RectifyRightsRequest.Handle(db, vault, sources, mailer, models.Current.Model, time, id,
            new PersonalDetails(Email, Name, Phone, Company), User.Identity!.Name!, HttpContext.RequestAborted);
        if (Error is null)
            return Redirect($"/admin/requests/{id}?done=rectified");
        db.ChangeTracker.Clear();
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, HttpContext.RequestAborted);
        Case = request!;
        return request is not null;
    }
}
