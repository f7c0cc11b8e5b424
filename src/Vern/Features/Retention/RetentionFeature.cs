namespace Vern.Features.Retention;

internal static class RetentionFeature
{
    public static void AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RetentionEngine>();
        if (builder.Configuration.GetValue("Vern:Retention:Enabled", true))
            builder.Services.AddHostedService<RetentionService>();
    }
}
