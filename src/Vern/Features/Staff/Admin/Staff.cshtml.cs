using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Vern.Features.Staff.Admin;

[Authorize(Policy = StaffPolicies.ManageStaff)]
internal sealed class StaffModel(UserManager<StaffUser> users, StaffAccounts accounts, TimeProvider time) : PageModel
{
    // Nullable: the framework binds a field sent empty as null.
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string Role { get; set; } = StaffRoles.Support;
    /// <summary>The account a management button acts on.</summary>
    [BindProperty] public string? Id { get; set; }
    public IReadOnlyList<StaffMember> Members { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Done { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var email = Email?.Trim() ?? "";
        var result = await accounts.CreateAsync(email, Role, password: null, Actor);
        if (result.Succeeded)
        {
            // The new member chooses their own password; the officer never knows it.
            await accounts.SendSetPasswordLinkAsync((await users.FindByEmailAsync(email))!, invitation: true, HttpContext.RequestAborted);
            Done = $"Created {email} as {Role}. They have been e-mailed a link to choose their password.";
            Email = "";
        }
        else
        {
            Errors = result.Errors.Select(e => e.Description).ToList();
        }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync() => ActAsync(u => accounts.DisableAsync(u, Actor), "{0} is disabled.", notOnSelf: true);

    public Task<IActionResult> OnPostEnableAsync() => ActAsync(u => accounts.EnableAsync(u, Actor), "{0} is enabled.", notOnSelf: true);

    public Task<IActionResult> OnPostRemoveAsync() => ActAsync(u => accounts.RemoveAsync(u, Actor), "{0} is removed.", notOnSelf: true);

    public Task<IActionResult> OnPostResetPasswordAsync() =>
        ActAsync(u => accounts.ResetPasswordAsync(u, Actor, HttpContext.RequestAborted), "The password of {0} is reset; they have been e-mailed a link to choose a new one.", notOnSelf: false);

    public Task<IActionResult> OnPostResetTwoFactorAsync() =>
        ActAsync(u => accounts.ResetTwoFactorAsync(u, Actor), "Two-factor authentication of {0} is reset; they set it up again at their next sign-in.", notOnSelf: false);

    private string Actor => User.Identity!.Name!;

    private async Task<IActionResult> ActAsync(Func<StaffUser, Task<IdentityResult>> action, string done, bool notOnSelf)
    {
        var user = string.IsNullOrEmpty(Id) ? null : await accounts.FindAsync(Id);
        if (user is null)
            Errors = ["That staff account does not exist (any more)."];
        // An officer who locks themselves out could leave nobody to manage staff.
        else if (notOnSelf && user.Id == users.GetUserId(User))
            Errors = ["You cannot do this to your own account; ask another privacy officer."];
        else if (await action(user) is { Succeeded: false } failed)
            Errors = failed.Errors.Select(e => e.Description).ToList();
        else
            Done = string.Format(System.Globalization.CultureInfo.InvariantCulture, done, user.Email);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(HttpContext.RequestAborted);
        var members = new List<StaffMember>();
        foreach (var user in all)
        {
            var lockedUntil = user.LockoutEnd > time.GetUtcNow() && !StaffAccounts.IsDisabled(user) ? user.LockoutEnd.Value.UtcDateTime : (DateTime?)null;
            members.Add(new StaffMember(user.Id, user.Email ?? "", await users.GetRolesAsync(user), user.TwoFactorEnabled, user.PasswordHash is not null, StaffAccounts.IsDisabled(user), lockedUntil));
        }
        Members = members;
    }
}

internal sealed record StaffMember(string Id, string Email, IList<string> Roles, bool TwoFactor, bool HasPassword, bool Disabled, DateTime? LockedUntil);
