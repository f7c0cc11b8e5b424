using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class RefuseModel(AppDb db, SubjectVault vault, MailOutbox outbox, ModelStore models, TimeProvider time) : CaseActionModel(db)
{
    [BindProperty] public string? Reason { get; set; }

    public Task<IActionResult> OnPostAsync(Guid id) =>
        ActAsync(id, () => RefuseRightsRequest.Handle(Db, vault, outbox, time, models.Current.Model.Authority, id, Reason, User.Identity!.Name!, HttpContext.RequestAborted), "refused");
}
