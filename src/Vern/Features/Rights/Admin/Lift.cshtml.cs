using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Vern.Data;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class LiftModel(AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, MailOutbox outbox, TimeProvider time) : CaseActionModel(db)
{
    [BindProperty] public string? Reason { get; set; }

    public Task<IActionResult> OnPostAsync(Guid id) =>
        ActAsync(id, () => LiftRestriction.Handle(Db, vault, sources, outbox, time, id, Reason, User.Identity!.Name!, HttpContext.RequestAborted), "lifted");
}
