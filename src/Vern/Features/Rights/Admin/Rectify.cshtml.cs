using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class RectifyModel(AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, MailOutbox outbox, ModelStore models, TimeProvider time) : CaseActionModel(db)
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Company { get; set; }

    public Task<IActionResult> OnPostAsync(Guid id) =>
        ActAsync(id, () => RectifyRightsRequest.Handle(Db, vault, sources, outbox, models.Current.Model, time, id,
            new PersonalDetails(Email, Name, Phone, Company), User.Identity!.Name!, HttpContext.RequestAborted), "rectified");
}
