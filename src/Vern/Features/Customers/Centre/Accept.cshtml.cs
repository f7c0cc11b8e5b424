using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Customers.Agreements;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Centre;

/// <summary>
/// Where the e-mailed link to accept the data processing agreement leads. Opening it shows the text and changes nothing
/// (mail scanners open links); the button accepts, on the customer's behalf, exactly the version shown.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class AcceptModel(Agreements.Agreements agreements, ModelStore models) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public AcceptanceLink Link { get; private set; } = null!;
    public string? Html { get; private set; }
    /// <summary>The signed receipt, once accepted.</summary>
    public string? Receipt { get; private set; }
    public string Processor => models.Current.Model.Controller.Name;
    public AgreementTexts Texts => Text<AgreementTexts>.In(Lang);

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Link = await agreements.FindAsync(Token, HttpContext.RequestAborted);
        await ShowAsync();
    }

    public async Task OnPostAsync()
    {
        UseRequestLanguage();
        (Link, Receipt) = await agreements.AcceptAsync(Token, HttpContext.RequestAborted);
        await ShowAsync();
    }

    private async Task ShowAsync()
    {
        Response.Headers.CacheControl = "no-store";
        if (Link.Problem is null && Link.Version is { } version)
            Html = await agreements.HtmlAsync(version);
        else
            Response.StatusCode = Link.Problem == LinkProblem.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
    }
}
