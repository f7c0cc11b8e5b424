using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Admin;

[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class NewModel(AppDb db, SubjectVault vault, MailOutbox outbox, UserManager<StaffUser> users, TimeProvider time, PublicUrl site, ModelStore models) : PageModel
{
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Channel { get; set; } = RequestChannel.Email.ToWire();
    [BindProperty] public DateOnly? ReceivedOn { get; set; }
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public bool IdentityVerified { get; set; }
    [BindProperty] public string? VerificationNote { get; set; }
    [BindProperty] public string? Language { get; set; } = Languages.English;
    public DateOnly Today { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public void OnGet()
    {
        Today = OsloCalendar.Today(time);
        ReceivedOn ??= Today;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Today = OsloCalendar.Today(time);
        var input = new LoggedRequestInput(Type, Email, Channel, ReceivedOn, Details, IdentityVerified, VerificationNote, Language);
        Errors = LogRightsRequest.Validate(input, Today);
        if (Errors.Count > 0)
            return Page();
        var request = await LogRightsRequest.Handle(db, vault, outbox, time, input, users.GetUserId(User)!, User.Identity!.Name!, site.Base, models.Current.Model.Controller, HttpContext.RequestAborted);
        return Redirect($"/admin/requests/{request.Id}?done=logged");
    }
}
