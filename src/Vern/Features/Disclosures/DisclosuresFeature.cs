using Vern.Infrastructure.Privacy;

namespace Vern.Features.Disclosures;

/// <summary>The register of statutory disclosures: to authorities, courts, debt collectors and auditors, with gags and their review.</summary>
internal static class DisclosuresFeature
{
    public static void AddDisclosures(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DisclosureRegister>();
        builder.Services.AddScoped<IPersonalDataSource, DisclosuresSource>();
        builder.Services.AddHostedService<GagReviewReminderJob>();
    }
}
