using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Staff.Account;

/// <summary>
/// Where the link of an invitation or a password reset leads. Opening it changes nothing (mail
/// scanners open links); only posting the form with a valid token sets the password.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(HostingFeature.LoginRateLimit)]
internal sealed class SetPasswordModel(StaffAccounts accounts) : PageModel
{
    private const string InvalidLink = "This link is no longer valid: it was used, has expired or a newer one was sent. Ask a privacy officer to reset your password.";

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool Done { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(Id) ? null : await accounts.FindAsync(Id);
        if (user is null || StaffAccounts.IsDisabled(user))
        {
            Errors = [InvalidLink];
            return Page();
        }
        var result = await accounts.SetPasswordAsync(user, Token, Password);
        if (result.Succeeded)
            Done = true;
        else
            Errors = result.Errors.Select(e => e.Code == "InvalidToken" ? InvalidLink : e.Description).ToList();
        return Page();
    }
}
