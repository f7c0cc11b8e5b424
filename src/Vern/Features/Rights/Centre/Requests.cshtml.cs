using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Centre;

[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class RequestsModel(AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, PublicUrl site, ModelStore models) : CentrePageModel
{
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Details { get; set; }
    public bool Sent { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public RequestTexts Texts => Text<RequestTexts>.In(Lang);

    public void OnGet() => UseRequestLanguage();

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        var input = new RightsRequestInput(Type, Email, Details, Lang);
        var errors = SubmitRightsRequest.Validate(input);
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        await SubmitRightsRequest.Handle(db, vault, outbox, time, input, site.Base, models.Current.Model.Controller, HttpContext.RequestAborted);
        Sent = true;
        return Page();
    }
}
