using System.Globalization;
using Vern.Features.Model;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter's e-mails. Every one sent to a subscriber carries the unsubscribe headers of RFC 2369 and RFC 8058
/// (one POST to the https address unsubscribes, with no sign-in and no question) and, at its end, the links to the
/// subscriber's page and to unsubscribe. No tracking pixel and no rewritten link.
/// </summary>
internal sealed class NewsletterMail(PublicUrl site, SubscriberTokens tokens, ModelStore models)
{
    /// <summary>How long a confirmation link works.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    public Task<OutgoingEmail> ConfirmationAsync(string email, string language, string token)
    {
        var t = Text<NewsletterTexts>.In(language);
        var link = MailLink.To(site.Link($"/newsletter/confirm/{token}?lang={language}"));
        var days = string.Format(CultureInfo.InvariantCulture, t.Days, ConfirmationLifetime.Days);
        return new MailBody().Paragraphs(t.ConfirmMailText, link, days).ToEmailAsync(email, t.ConfirmMailSubject, language);
    }

    public async Task<OutgoingEmail> WelcomeAsync(string email, string language, Guid subscriberId, CancellationToken ct)
    {
        var t = Text<NewsletterTexts>.In(language);
        var links = await LinksAsync(subscriberId, language, ct);
        return await new MailBody().Paragraphs(t.WelcomeMailText, MailLink.To(links.Page))
            .Paragraphs(t.MailFooter, MailLink.To(links.Page), MailLink.To(links.Unsubscribe))
            .ToEmailAsync(email, t.WelcomeMailSubject, language, links.Headers);
    }

    /// <summary>
    /// A campaign's message to one subscriber, in the edition for their language: its Markdown, then the footer every
    /// newsletter e-mail ends with. A test send (no <paramref name="subscriberId"/>) has the footer's wording with links
    /// that do nothing, so staff see what subscribers get without a subscription of their own.
    /// </summary>
    public async Task<OutgoingEmail> CampaignAsync(string email, Guid? subscriberId, string language, Campaigns.CampaignEdition edition, CancellationToken ct)
    {
        var t = Text<NewsletterTexts>.In(language);
        var links = subscriberId is { } id ? await LinksAsync(id, language, ct) : ExampleLinks();
        return await new MailBody().Content(Campaigns.CampaignContent.Render(edition.Markdown))
            .Paragraphs(t.MailFooter, MailLink.To(links.Page), MailLink.To(links.Unsubscribe))
            .ToEmailAsync(email, edition.Subject, language, links.Headers);
    }

    private (Uri Page, Uri Unsubscribe, IReadOnlyList<(string, string)> Headers) ExampleLinks() =>
        (site.Link("/newsletter/subscription/test"), site.Link("/newsletter/unsubscribe/test"), []);

    /// <summary>The subscriber's page, the one-click address and the headers that name it.</summary>
    private async Task<(Uri Page, Uri Unsubscribe, IReadOnlyList<(string, string)> Headers)> LinksAsync(Guid subscriberId, string language, CancellationToken ct)
    {
        var token = await tokens.PageTokenAsync(subscriberId, ct);
        var page = site.Link($"/newsletter/subscription/{token}?lang={language}");
        var unsubscribe = site.Link($"/newsletter/unsubscribe/{token}");
        // The mailto address is read by the controller's staff, for mail programs that offer no https unsubscribe.
        var mailto = $"mailto:{models.Current.Model.Controller.Email}?subject=unsubscribe%20{token}";
        return (page, unsubscribe, [("List-Unsubscribe", $"<{unsubscribe}>, <{mailto}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]);
    }
}
