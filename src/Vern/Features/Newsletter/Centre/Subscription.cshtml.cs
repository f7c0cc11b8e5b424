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
    /// <summary>The separate, unticked choice to be kept longer after unsubscribing (ADR 35).</summary>
    [BindProperty] public bool KeepDetails { get; set; }
    public Subscriber? Subscriber { get; private set; }
    /// <summary>The retention rule of the newsletter's records, whose keepLonger is the offer to keep a person longer.</summary>
    public RetentionRule? Rule { get; private set; }
    /// <summary>For an ended subscription: when its details are deleted, and whether the person's consent keeps them until then.</summary>
    public (DateOnly? On, bool KeptLonger) Deletion { get; private set; }
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
            await subscriptions.UnsubscribeAsync(id, "visitor", KeepDetails, HttpContext.RequestAborted);
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

    public async Task OnPostReleaseAsync()
    {
        UseRequestLanguage();
        if (await tokens.ReadPageTokenAsync(Token, HttpContext.RequestAborted) is { } id
            && await subscriptions.ReleaseKeptDetailsAsync(id, HttpContext.RequestAborted))
            Notice = Texts.KeepDetailsWithdrawn;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (await tokens.ReadPageTokenAsync(Token, HttpContext.RequestAborted) is not { } id)
            return;
        Subscriber = await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted);
        var model = models.Current.Model;
        Rule = model.Purpose(NewsletterConsent.Purpose) is { } purpose ? model.RetentionRule(purpose.Retention) : null;
        if (Subscriber is not null)
            Deletion = await subscriptions.DeletionAsync(Subscriber, HttpContext.RequestAborted);
    }
}
