using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Vern.Data;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class ExtendModel(AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time) : CaseActionModel(db)
{
    [BindProperty] public int Months { get; set; } = 2;
    [BindProperty] public string? Reason { get; set; }

    public Task<IActionResult> OnPostAsync(Guid id) =>
        ActAsync(id, () => ExtendRightsRequest.Handle(Db, vault, outbox, time, id, Months, Reason, User.Identity!.Name!, HttpContext.RequestAborted), "extended");
}
