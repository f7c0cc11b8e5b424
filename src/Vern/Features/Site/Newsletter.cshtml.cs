using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Site;

/// <summary>
/// Where the footer's newsletter form posts: the same double opt-in as the API, with the browser's visitor id from its
/// consent cookie. The site is in English, so the newsletter is too until the subscriber changes it.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
[Blocks.RefusesBlocked]
internal sealed class NewsletterModel(Subscriptions subscriptions, VisitorIds visitorIds) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public static NewsletterTexts Texts => Text<NewsletterTexts>.In(Languages.Default);

    public async Task<IActionResult> OnPostAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var input = new SubscriptionInput(Email, Languages.Default, visitorIds.FromCookie(Request));
        Errors = subscriptions.Validate(input);
        if (Errors.Count == 0)
        {
            await subscriptions.SubscribeAsync(input, started, HttpContext.RequestAborted);
            Sent = true;
        }
        return Page();
    }
}
