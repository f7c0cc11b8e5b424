using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Staff.Admin;

internal sealed class IndexModel(UserManager<StaffUser> users, AppDb db) : PageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public bool TwoFactor { get; private set; }
    public int AuditEntries { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        Roles = StaffRoles.All.Where(User.IsInRole).ToList();
        TwoFactor = user?.TwoFactorEnabled == true;
        AuditEntries = await db.AuditEntries.CountAsync(HttpContext.RequestAborted);
    }
}
