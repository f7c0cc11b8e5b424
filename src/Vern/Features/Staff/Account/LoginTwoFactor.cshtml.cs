using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Staff.Account;

[AllowAnonymous]
[EnableRateLimiting(HostingFeature.LoginRateLimit)]
internal sealed class LoginTwoFactorModel(SignInManager<StaffUser> signIn, AppDb db, TimeProvider time) : PageModel
{
    // Nullable: the framework binds a field sent empty as null.
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Staff/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return RedirectToPage("/Staff/Account/Login");
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.IsLockedOut)
        {
            Error = "This account is locked after too many failed attempts. Try again in 15 minutes.";
            return Page();
        }
        if (!result.Succeeded)
        {
            Error = "That code is not valid. Check the time on your device and try the newest code.";
            return Page();
        }
        db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.signed-in", details: "password+totp"));
        await db.SaveChangesAsync();
        return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
    }
}
