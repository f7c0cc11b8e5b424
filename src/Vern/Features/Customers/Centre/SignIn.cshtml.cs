using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Customers.Portal;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Centre;

/// <summary>Where a customer's privacy contact asks for a link to the portal; the answer is the same for any address.</summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class SignInModel(CustomerPortal portal) : CentrePageModel
{
    [BindProperty] public string? Email { get; set; }
    public PortalTexts Texts => Text<PortalTexts>.In(Lang);
    public bool Sent { get; private set; }
    public string? EmailError { get; private set; }

    public void OnGet() => UseRequestLanguage();

    public async Task OnPostAsync()
    {
        UseRequestLanguage();
        var email = Email?.Trim() ?? "";
        if (!Subscriptions.IsAddress(email))
        {
            EmailError = Texts.EmailInvalid;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        await portal.RequestAsync(email, Lang, HttpContext.RequestAborted);
        Sent = true;
    }
}
