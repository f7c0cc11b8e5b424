using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Customers.Portal;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Centre;

/// <summary>Where the e-mailed sign-in link leads: opening it changes nothing (mail scanners open links); the button signs in.</summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class SignInLinkModel(CustomerPortal portal) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public PortalTexts Texts => Text<PortalTexts>.In(Lang);
    public bool Valid { get; private set; }

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Response.Headers.CacheControl = "no-store";
        Valid = await portal.IsValidAsync(Token, HttpContext.RequestAborted);
        if (!Valid)
            Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        if (await portal.RedeemAsync(Token, HttpContext.RequestAborted) is not { } subjectId)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var identity = new ClaimsIdentity([new Claim(CustomerPortal.SubjectClaim, subjectId.ToString())], CustomerPortal.Scheme);
        await HttpContext.SignInAsync(CustomerPortal.Scheme, new ClaimsPrincipal(identity));
        return Redirect("/customers/portal");
    }
}
