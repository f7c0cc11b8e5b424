using Vern.Infrastructure.Privacy;

namespace Vern.Features.Blocks;

/// <summary>Blocks for suspected fraud: placed by staff or held by a signal, refused at every form and API, contested before a person.</summary>
internal static class BlocksFeature
{
    public static void AddBlocks(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FraudBlocks>();
        builder.Services.AddScoped<IPersonalDataSource, BlocksSource>();
        builder.Services.AddScoped<IRetentionSource, BlockRetention>();
        builder.Services.AddHostedService<BlockReminderJob>();
    }

    /// <summary>After routing, so the marked endpoints are known, and inside the exception handler that answers a refusal.</summary>
    public static void UseBlocks(this WebApplication app) => app.UseMiddleware<BlockedNetworks>();
}
