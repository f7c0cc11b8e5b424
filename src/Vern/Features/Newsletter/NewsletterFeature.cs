using Microsoft.AspNetCore.Mvc;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter: double opt-in sign-up (the API and the demo site's forms), confirmation recorded in the consent
/// ledger, the subscriber's page, and one-click unsubscribe (RFC 8058) with a suppression list of keyed hashes.
/// </summary>
internal static class NewsletterFeature
{
    public static void AddNewsletter(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SubscriberTokens>();
        services.AddScoped<NewsletterMail>();
        services.AddScoped<NewsletterConsent>();
        services.AddScoped<Subscriptions>();
        services.AddScoped<Import.NewsletterImport>();
        services.AddScoped<NewsletterSource>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<NewsletterSource>());
        services.AddScoped<IRetentionSource, NewsletterRetention>();
        services.AddSingleton<Campaigns.CampaignContent>();
        services.AddScoped<Campaigns.Campaigns>();
        services.AddScoped<Campaigns.CampaignFigures>();
        services.AddScoped<Campaigns.CampaignSending>();
        services.AddScoped<Campaigns.ICampaignAudience, Campaigns.SubscriberAudience>();
        services.AddScoped<Policies.Notices.IContactHolder, NewsletterContacts>();
        services.AddScoped<Policies.Notices.INoticeAddition, NewsletterReconfirmation>();
        services.AddHostedService<Campaigns.CampaignService>();
    }

    public static void MapNewsletter(this WebApplication app)
    {
        app.MapPost("/api/v1/newsletter/subscriptions", Subscribe.Post)
            .WithMetadata(new Blocks.RefusesBlockedAttribute())
            .WithTags("Newsletter")
            .WithName("SubscribeToNewsletter")
            .WithSummary("Asks for the newsletter: e-mails a confirmation link, and only its confirmation subscribes. Answers 202 alike whether the address is new, subscribed or suppressed.")
            .Accepts<SubscriptionInput>("application/json")
            .ProducesValidationProblem()
            .WithMetadata(new RequestSizeLimitAttribute(Subscribe.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireCors(SubjectsFeature.CorsPolicy)
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous()
            .DisableAntiforgery();
        // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe address, without cookies
        // or a form token; the token in the address is the authority. Opened in a browser, the address shows the page.
        app.MapPost("/newsletter/unsubscribe/{token}", Unsubscribe.OneClick)
            .WithTags("Newsletter")
            .WithName("UnsubscribeFromNewsletter")
            .WithSummary("One-click unsubscribe (RFC 8058) with the token of a newsletter e-mail's List-Unsubscribe address: unsubscribes at once and answers 200; 404 for a token Vern did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous()
            .DisableAntiforgery();
        app.MapGet("/newsletter/unsubscribe/{token}", (string token) => Results.Redirect($"/newsletter/subscription/{Uri.EscapeDataString(token)}"))
            .ExcludeFromDescription()
            .AllowAnonymous();
    }
}
