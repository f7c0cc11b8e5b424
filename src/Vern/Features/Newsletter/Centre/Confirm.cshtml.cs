using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter.Centre;

/// <summary>
/// Where the confirmation e-mail's link leads. Opening it changes nothing (mail scanners open links); the button does,
/// and what the page says above it is the wording whose hash the ledger records with the consent.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class ConfirmModel(Subscriptions subscriptions, ModelStore models) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    /// <summary>What the POST did; null before it.</summary>
    public Confirmation? Outcome { get; private set; }
    public NewsletterTexts Texts => Text<NewsletterTexts>.In(Lang);
    public string? Wording { get; private set; }

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        var subscriber = await subscriptions.FindConfirmationAsync(Token, HttpContext.RequestAborted);
        if (subscriber is not null && NewsletterConsent.Category(models.Current.Model) is { } category)
            Wording = NewsletterConsent.Wording(category, Lang);
    }

    /// <summary>The form posts to the page's own address, so the language confirmed in is the one the wording was shown in.</summary>
    public async Task OnPostAsync()
    {
        UseRequestLanguage();
        Outcome = await subscriptions.ConfirmAsync(Token, Lang, HttpContext.RequestAborted);
    }
}
