using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Centre;

/// <summary>
/// Where a notice of sub-processor changes leads: the changes that touch the customer's data, and a form to object with
/// a reason until they take effect. Opening it changes nothing.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class ObjectModel(SubProcessorNotices notices, ModelStore models) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public NoticeLink Link { get; private set; } = null!;
    public string? ReasonError { get; private set; }
    public bool Recorded { get; private set; }
    public PrivacyModel Definition => models.Current.Model;
    public SubProcessorTexts Texts => Text<SubProcessorTexts>.In(Lang);

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Link = await notices.FindAsync(Token, HttpContext.RequestAborted);
        Answer();
    }

    public async Task OnPostAsync()
    {
        UseRequestLanguage();
        (Link, ReasonError) = await notices.ObjectAsync(Token, Reason, Lang, HttpContext.RequestAborted);
        Recorded = Link.Problem is null && ReasonError is null;
        Answer();
    }

    private void Answer()
    {
        Response.Headers.CacheControl = "no-store";
        if (ReasonError is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (Link.Problem is { } problem)
            Response.StatusCode = problem == NoticeProblem.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
    }
}
