using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Staff.Account;

[AllowAnonymous]
[EnableRateLimiting(HostingFeature.LoginRateLimit)]
internal sealed partial class LoginModel(SignInManager<StaffUser> signIn, StaffAccounts accounts, AppDb db, TimeProvider time, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool AnyStaff { get; private set; } = true;

    public async Task OnGetAsync() => AnyStaff = await accounts.AnyAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            LogUnknownAccount(logger, Email.Trim());
            return Fail("The e-mail address or password is wrong.");
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.locked-out"));
            await db.SaveChangesAsync();
            return Fail("This account is locked after too many failed attempts. Try again in 15 minutes.");
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Staff/Account/LoginTwoFactor", new { ReturnUrl });
        if (!result.Succeeded)
            return Fail("The e-mail address or password is wrong.");

        db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.signed-in", details: "password"));
        await db.SaveChangesAsync();
        // A privacy officer may not use the console on a password alone.
        if (await signIn.UserManager.IsInRoleAsync(user, StaffRoles.PrivacyOfficer))
            return RedirectToPage("/Staff/Account/TwoFactor", new { ReturnUrl });
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    private PageResult Fail(string message)
    {
        Error = message;
        return Page();
    }

    // The address someone typed is personal data: the redactor erases it before any log sink.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in attempt for an unknown account {Email}")]
    private static partial void LogUnknownAccount(ILogger logger, [PrivateData] string email);

    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/admin";
}
