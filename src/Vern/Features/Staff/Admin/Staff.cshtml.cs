using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Vern.Features.Staff.Admin;

[Authorize(Policy = StaffPolicies.ManageStaff)]
internal sealed class StaffModel(UserManager<StaffUser> users, StaffAccounts accounts, TimeProvider time) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Role { get; set; } = StaffRoles.Support;
    [BindProperty] public string Password { get; set; } = "";
    public IReadOnlyList<StaffMember> Members { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Created { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await accounts.CreateAsync(Email.Trim(), Role, Password, User.Identity!.Name!);
        if (result.Succeeded)
        {
            Created = $"{Email.Trim()} as {Role}";
            Email = "";
        }
        else
        {
            Errors = result.Errors.Select(e => e.Description).ToList();
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(HttpContext.RequestAborted);
        var members = new List<StaffMember>();
        foreach (var user in all)
            members.Add(new StaffMember(user.Email ?? "", await users.GetRolesAsync(user), user.TwoFactorEnabled, user.LockoutEnd > time.GetUtcNow() ? user.LockoutEnd.Value.UtcDateTime : null));
        Members = members;
    }
}

internal sealed record StaffMember(string Email, IList<string> Roles, bool TwoFactor, DateTime? LockedUntil);
