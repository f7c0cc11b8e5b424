using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter.Centre;

/// <summary>
/// The subscriber's page, reached from every newsletter e-mail by its token: what they receive and since when, the
/// receipt of their consent, the language, and unsubscribing with one button. No sign-in: the token is the key.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class SubscriptionModel(AppDb db, SubscriberTokens tokens, Subscriptions subscriptions, ModelStore models) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Language { get; set; }
    public Subscriber? Subscriber { get; private set; }
    public string? Notice { get; private set; }
    public NewsletterTexts Texts => Text<NewsletterTexts>.In(Lang);
    /// <summary>The newsletter's name in the page's language, from the definition.</summary>
    public string Newsletter => NewsletterConsent.Category(models.Current.Model)?.Name[Lang] ?? "";

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        await LoadAsync();
    }

    public async Task OnPostUnsubscribeAsync()
    {
        UseRequestLanguage();
        if (await tokens.ReadPageTokenAsync(Token, HttpContext.RequestAborted) is { } id)
        {
            await subscriptions.UnsubscribeAsync(id, "visitor", HttpContext.RequestAborted);
            Notice = Texts.UnsubscribeDone;
        }
        await LoadAsync();
    }

    public async Task OnPostLanguageAsync()
    {
        UseRequestLanguage();
        if (await tokens.ReadPageTokenAsync(Token, HttpContext.RequestAborted) is { } id
            && await subscriptions.ChangeLanguageAsync(id, Language, HttpContext.RequestAborted))
            Notice = Texts.LanguageChanged;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (await tokens.ReadPageTokenAsync(Token, HttpContext.RequestAborted) is { } id)
            Subscriber = await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted);
    }
}
