using Vern.Infrastructure.Privacy;

namespace Vern.Features.Backups;

internal static class BackupsFeature
{
    public static void AddBackups(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackupDirectory>();
        builder.Services.AddScoped<IRetentionSource, BackupRetention>();
    }
}
