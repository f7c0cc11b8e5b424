using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Centre;

[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class VerifyModel(AppDb db, SubjectVault vault, VisitorIds visitorIds, RightsFulfilmentService fulfilment, TimeProvider time) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    /// <summary>The person chose to include the cookie choices made in this browser.</summary>
    [BindProperty] public bool IncludeBrowser { get; set; }
    public bool? Outcome { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public RequestTexts Texts => Text<RequestTexts>.In(Lang);
    /// <summary>The visitor id Vern issued to this browser, from its consent cookie, if any: another identifier the person may offer.</summary>
    public string? BrowserVisitorId { get; private set; }


    public void OnGet()
    {
        UseRequestLanguage();
        BrowserVisitorId = VisitorIdFromCookie();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        var ct = HttpContext.RequestAborted;
        // Read from the cookie, never from the form: a person can offer only the id their own browser holds.
        var request = await VerifyRightsRequest.Handle(db, vault, time, Token, IncludeBrowser ? VisitorIdFromCookie() : null, ct);
        Outcome = request is not null;
        DueDate = request?.DueDate;
        if (request is not null)
            fulfilment.Wake();
        return Page();
    }

    private string? VisitorIdFromCookie() => visitorIds.FromCookie(Request);
}
