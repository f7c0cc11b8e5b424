namespace Vern.Features.Breaches;

/// <summary>The breach register: incidents, their 72-hour clock, the risk assessment and the notification to the authority.</summary>
internal static class BreachesFeature
{
    public static void AddBreaches(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Incidents>();
        builder.Services.AddScoped<CustomerBreachNotices>();
        builder.Services.AddScoped<AffectedSystems>();
        builder.Services.AddScoped<PeopleBreachNotices>();
        builder.Services.AddHostedService<IncidentReminderJob>();
    }
}
