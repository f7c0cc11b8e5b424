using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Customers.Requests;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Centre;

/// <summary>
/// Where a person who asks about their data in the product learns which customer is its controller, and may have their
/// request forwarded to it. Nothing is forwarded without the box ticked.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class ProductDataModel(ControllerReferrals referrals) : CentrePageModel
{
    [BindProperty] public string? Company { get; set; }
    [BindProperty] public ForwardedKind Kind { get; set; } = ForwardedKind.Access;
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public bool Consent { get; set; }
    public ReferralTexts Texts => Text<ReferralTexts>.In(Lang);
    public ControllerFound? Controller { get; private set; }
    public bool Searched { get; private set; }
    public string? Done { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public void OnGet() => UseRequestLanguage();

    public async Task OnPostFindAsync()
    {
        UseRequestLanguage();
        if (Validate(consent: false))
            await FindAsync();
    }

    public async Task OnPostForwardAsync()
    {
        UseRequestLanguage();
        // Found again first, so that a refusal shows the box to tick next to what it is about.
        var valid = Validate(consent: true);
        if (!await FindAsync() || !valid)
            return;
        Done = await referrals.ForwardAsync(Controller!, Kind, Email!.Trim(), Message, Lang, HttpContext.RequestAborted)
            ? string.Format(CultureInfo.InvariantCulture, Texts.Forwarded, Controller!.Organisation)
            : string.Format(CultureInfo.InvariantCulture, Texts.NoContact, Controller!.Organisation);
    }

    private async Task<bool> FindAsync()
    {
        Searched = true;
        Controller = await referrals.FindAsync(Company, Lang, HttpContext.RequestAborted);
        return Controller is not null;
    }

    private bool Validate(bool consent)
    {
        var t = Texts;
        if (string.IsNullOrWhiteSpace(Company) || Company.Trim().Length > ControllerReferrals.MaxCompany)
            Errors["company"] = string.Format(CultureInfo.InvariantCulture, t.CompanyRequired, ControllerReferrals.MaxCompany);
        if (!Subscriptions.IsAddress(Email?.Trim() ?? ""))
            Errors["email"] = t.EmailInvalid;
        if (Message?.Length > ControllerReferrals.MaxMessage)
            Errors["message"] = string.Format(CultureInfo.InvariantCulture, t.MessageTooLong, ControllerReferrals.MaxMessage);
        if (consent && !Consent)
            Errors["consent"] = t.ConsentRequired;
        if (Errors.Count > 0)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Errors.Count == 0;
    }
}
