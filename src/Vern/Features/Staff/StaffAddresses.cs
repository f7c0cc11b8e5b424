using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Staff;

/// <summary>Where to write to the staff who hold a role, for the warnings a deadline needs (a deletion not confirmed, a request about to fall due).</summary>
internal static class StaffAddresses
{
    public static Task<List<string>> OfRolesAsync(AppDb db, IReadOnlyCollection<string> roles, CancellationToken ct) =>
        (from user in db.Users
         join userRole in db.UserRoles on user.Id equals userRole.UserId
         join role in db.Roles on userRole.RoleId equals role.Id
         where roles.Contains(role.Name!) && user.Email != null
         select user.Email!).Distinct().ToListAsync(ct);
}
