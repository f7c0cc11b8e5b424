using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Staff;

/// <summary>Creating staff accounts, from the command line or the console.</summary>
internal sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, AppDb db, TimeProvider time)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    public Task<bool> AnyAsync(CancellationToken ct = default) => db.Users.AnyAsync(ct);

    public async Task<IdentityResult> CreateAsync(string email, string role, string password, string actor)
    {
        if (!StaffRoles.All.Contains(role))
            return IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"The role must be one of: {string.Join(", ", StaffRoles.All)}." });
        await EnsureRolesAsync();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return created;
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
            return added;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "staff.created", details: $"{email} as {role}"));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return IdentityResult.Success;
    }
}
