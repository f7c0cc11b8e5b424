using Vern.Infrastructure.Privacy;

namespace Vern.Features.Backups;

internal static class BackupsFeature
{
    public static void AddBackups(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackupDirectory>();
        // One instance per scope as the source and as itself, so the Retention page and the engine share its listing.
        builder.Services.AddScoped<BackupRetention>();
        builder.Services.AddScoped<IRetentionSource>(s => s.GetRequiredService<BackupRetention>());
    }
}
