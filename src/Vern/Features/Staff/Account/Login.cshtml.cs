using System.Security.Cryptography;
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
internal sealed partial class LoginModel(SignInManager<StaffUser> signIn, IPasswordHasher<StaffUser> hasher, StaffAccounts accounts, AppDb db, TimeProvider time, ILogger<LoginModel> logger) : PageModel
{
    // Nullable: the framework binds a field sent empty as null.
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool AnyStaff { get; private set; } = true;

    /// <summary>The one answer to every refused sign-in; README tells staff that five wrong passwords lock for 15 minutes.</summary>
    internal const string WrongCredentials = "The e-mail address or password is wrong.";

    private static readonly StaffUser NoAccount = new();

    // A hash of a random password, made like every stored one, so checking against it costs the same.
    private static readonly Lazy<string> NoAccountHash = new(() => new PasswordHasher<StaffUser>().HashPassword(NoAccount, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public async Task OnGetAsync() => AnyStaff = await accounts.AnyAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var users = signIn.UserManager;
        var email = Email?.Trim() ?? "";
        var password = Password ?? "";
        var user = await users.FindByEmailAsync(email);
        // An unknown address, a locked or disabled account and one that has not set its password yet
        // get the answer a wrong password gets, after the same work (a password hash checked), so
        // neither the page nor its timing tells which addresses have accounts.
        if (user is null || await users.IsLockedOutAsync(user) || !await users.HasPasswordAsync(user))
        {
            hasher.VerifyHashedPassword(NoAccount, NoAccountHash.Value, password);
            if (user is null)
                LogUnknownAccount(logger, email);
            return Fail();
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.locked-out"));
            await db.SaveChangesAsync();
            return Fail();
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Staff/Account/LoginTwoFactor", new { ReturnUrl });
        if (!result.Succeeded)
            return Fail();

        db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.signed-in", details: "password"));
        await db.SaveChangesAsync();
        // A role that sees personal data may not use the console on a password alone.
        var roles = await users.GetRolesAsync(user);
        if (StaffRoles.RequiringTwoFactor.Any(roles.Contains))
            return RedirectToPage("/Staff/Account/TwoFactor", new { ReturnUrl });
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    private PageResult Fail()
    {
        Error = WrongCredentials;
        return Page();
    }

    // The address someone typed is personal data: the redactor erases it before any log sink.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in attempt for an unknown account {Email}")]
    private static partial void LogUnknownAccount(ILogger logger, [PrivateData] string email);

    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/admin";
}
