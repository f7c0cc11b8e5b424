using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Centre;

[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class VerifyModel(AppDb db, TimeProvider time) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public bool? Outcome { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public RequestTexts Texts => RequestTexts.For(Lang);

    public void OnGet() => UseRequestLanguage();

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        var request = await VerifyRightsRequest.Handle(db, time, Token, HttpContext.RequestAborted);
        Outcome = request is not null;
        DueDate = request?.DueDate;
        return Page();
    }
}
