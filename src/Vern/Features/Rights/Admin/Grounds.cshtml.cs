using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Vern.Data;
using Vern.Features.Staff;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class GroundsModel(AppDb db, TimeProvider time) : CaseActionModel(db)
{
    [BindProperty] public string? Grounds { get; set; }

    public Task<IActionResult> OnPostAsync(Guid id) =>
        ActAsync(id, () => RecordCompellingGrounds.Handle(Db, time, id, Grounds, User.Identity!.Name!, HttpContext.RequestAborted), "grounds");
}
