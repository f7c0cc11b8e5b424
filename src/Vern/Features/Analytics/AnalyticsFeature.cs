using Microsoft.AspNetCore.Mvc;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// First-party website statistics: the tracker the banner starts under the statistics consent (or a cookieless site
/// runs without it), the collection endpoint that masks the address before anything keeps it, and the events' part
/// of access and erasure.
/// </summary>
internal static class AnalyticsFeature
{
    public static void AddAnalytics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AnalyticsQueue>();
        services.AddSingleton<DailySalts>();
        services.AddSingleton<AnalyticsSites>();
        services.AddScoped<EventCollector>();
        services.AddScoped<AnalyticsSource>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<AnalyticsSource>());
        services.AddScoped<AnalyticsRollups>();
        services.AddScoped<AnalyticsFigures>();
        services.AddSingleton<LiveDays>();
        services.AddScoped<AnalyticsPartitions>();
        services.AddScoped<IRetentionSource, AnalyticsRetention>();
        services.AddSingleton<IConsentDecisionListener, ForgetOnRefusal>();
        services.AddHostedService<AnalyticsRollupJob>();
        services.AddHostedService<AnalyticsWriter>();
    }

    public static void MapAnalytics(this WebApplication app)
    {
        app.MapPost("/api/v1/analytics/events", CollectEvents.Post)
            .WithTags("Analytics")
            .WithName("CollectAnalyticsEvents")
            .WithSummary("Page views, engaged time and goals from the tracker, up to 25 at a time. The client's address is masked and its User-Agent reduced before anything stores, logs or queues them. Answers 202 alike whether the events were counted or dropped (no consent, a robot); 400 names the field of a malformed event.")
            .Accepts<EventBatchInput>("application/json", "text/plain")
            .ProducesValidationProblem()
            .WithMetadata(new RequestSizeLimitAttribute(CollectEvents.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireCors(SubjectsFeature.CorsPolicy)
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous()
            .DisableAntiforgery();
    }
}
