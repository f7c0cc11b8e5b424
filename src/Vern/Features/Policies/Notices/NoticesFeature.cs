using Vern.Features.Newsletter.Campaigns;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Policies.Notices;

/// <summary>
/// Notices of significant policy changes: queued when such a version is published, sent before it takes effect to the
/// people held for the purposes it touches, each delivery recorded and listed in the person's access package.
/// </summary>
internal static class NoticesFeature
{
    public static void AddNotices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ChangeNotices>();
        services.AddScoped<ICampaignAudience, NoticeAudience>();
        services.AddScoped<IPersonalDataSource, NoticesSource>();
    }
}
