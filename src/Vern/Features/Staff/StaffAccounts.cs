using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Staff;

/// <summary>
/// Creating and managing staff accounts, from the command line or the console. Every change is
/// audited in the same <c>SaveChanges</c> as the change itself: the entry is added to the context
/// before Identity saves the account, and dropped again if Identity refuses.
/// </summary>
internal sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, AppDb db, Mailer mailer, PublicUrl site, TimeProvider time)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    public Task<bool> AnyAsync(CancellationToken ct = default) => db.Users.AnyAsync(ct);

    /// <summary>
    /// Creates an account. Without a password (an officer adding someone in the console) nobody can sign
    /// in to it until its owner sets one through the link <see cref="SendSetPasswordLinkAsync"/> e-mails.
    /// </summary>
    public async Task<IdentityResult> CreateAsync(string email, string role, string? password, string actor)
    {
        if (!StaffRoles.All.Contains(role))
            return IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"The role must be one of: {string.Join(", ", StaffRoles.All)}." });
        await EnsureRolesAsync();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return created;
        var added = await AuditedAsync(actor, "staff.created", $"{email} as {role}", () => users.AddToRoleAsync(user, role));
        if (!added.Succeeded)
            return added;
        await transaction.CommitAsync();
        return IdentityResult.Success;
    }

    public Task<StaffUser?> FindAsync(string id) => users.FindByIdAsync(id);

    /// <summary>Nobody can sign in to a disabled account; its sessions end at their next check (<see cref="StaffFeature"/>).</summary>
    public Task<IdentityResult> DisableAsync(StaffUser user, string actor) =>
        AuditedAsync(actor, "staff.disabled", user.Email, async () =>
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            return await users.UpdateSecurityStampAsync(user);
        });

    public Task<IdentityResult> EnableAsync(StaffUser user, string actor) =>
        AuditedAsync(actor, "staff.enabled", user.Email, () =>
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            return users.UpdateAsync(user);
        });

    public static bool IsDisabled(StaffUser user) => user.LockoutEnd == DateTimeOffset.MaxValue;

    public Task<IdentityResult> RemoveAsync(StaffUser user, string actor) =>
        AuditedAsync(actor, "staff.removed", user.Email, () => users.DeleteAsync(user));

    /// <summary>
    /// The old password stops working at once and every session ends; the owner sets a new one through
    /// the e-mailed link, so the officer never knows it.
    /// </summary>
    public async Task<IdentityResult> ResetPasswordAsync(StaffUser user, string actor, CancellationToken ct)
    {
        var result = await AuditedAsync(actor, "staff.password-reset", user.Email, () =>
        {
            user.PasswordHash = null;
            return users.UpdateSecurityStampAsync(user);
        });
        if (result.Succeeded)
            await SendSetPasswordLinkAsync(user, invitation: false, ct);
        return result;
    }

    /// <summary>The authenticator is forgotten; the next sign-in sets up a new one.</summary>
    public Task<IdentityResult> ResetTwoFactorAsync(StaffUser user, string actor) =>
        AuditedAsync(actor, "staff.two-factor-reset", user.Email, async () =>
        {
            user.TwoFactorEnabled = false;
            // A fresh random key nobody has seen: the old app's codes stop working, and enrolment shows the new one.
            return await users.ResetAuthenticatorKeyAsync(user);
        });

    /// <summary>
    /// E-mails a link to <c>/admin/account/set-password</c>. The token is Identity's password-reset token:
    /// valid for a day and only until the account's security stamp changes, so setting the password,
    /// a later reset or disabling the account makes it useless.
    /// </summary>
    public async Task SendSetPasswordLinkAsync(StaffUser user, bool invitation, CancellationToken ct)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = site.Link($"/admin/account/set-password?id={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
        var (subject, opening) = invitation
            ? ("Your Vern staff account", "A privacy officer has made you a staff account in Vern's console.")
            : ("Set a new password for Vern", "A privacy officer has reset the password of your Vern staff account.");
        var text = $"""
            {opening}

            Choose your password here (the link works once, for 24 hours):
            {link}

            If the link has expired, ask a privacy officer to reset your password; they will never ask you for it.
            """;
        await mailer.SendAsync(new OutgoingEmail(user.Email!, subject, text), ct);
    }

    /// <summary>Sets the password through the e-mailed token; audited as the account's own act.</summary>
    public Task<IdentityResult> SetPasswordAsync(StaffUser user, string token, string password) =>
        AuditedAsync(user.Email!, "staff.password-set", null, () => users.ResetPasswordAsync(user, token, password));

    private async Task<IdentityResult> AuditedAsync(string actor, string action, string? details, Func<Task<IdentityResult>> change)
    {
        var entry = db.AuditEntries.Add(AuditEntry.Create(time, actor, action, details: details));
        var result = await change();
        if (!result.Succeeded)
            entry.State = EntityState.Detached;
        return result;
    }
}
