using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Staff.Account;

[Authorize(Policy = StaffPolicies.Enrol)]
internal sealed class TwoFactorModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AppDb db, TimeProvider time) : PageModel
{
    // Nullable: the framework binds a field sent empty as null.
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Enabled { get; private set; }
    /// <summary>The user's role that needs two-factor, when one does.</summary>
    public string? RequiredBy { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return RedirectToPage("/Staff/Account/Login");
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return RedirectToPage("/Staff/Account/Login");
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = "That code is not valid. Check the time on your device and try the newest code.";
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        db.AuditEntries.Add(AuditEntry.Create(time, user.Email!, "staff.two-factor-enabled"));
        await db.SaveChangesAsync();
        // The code just proved the second factor: the session now counts as multi-factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
    }

    private async Task LoadAsync(StaffUser user)
    {
        Enabled = user.TwoFactorEnabled && User.HasClaim("amr", "mfa");
        RequiredBy = StaffRoles.RequiringTwoFactor.FirstOrDefault(User.IsInRole);
        if (Enabled)
            return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = FormatKey(key!);
        var uri = $"otpauth://totp/{Uri.EscapeDataString("Vern:" + user.Email)}?secret={key}&issuer=Vern&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    private static string FormatKey(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
}
