using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Consent;
using Vern.Features.Customers.Agreements;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Features.Rights.Access;
using Vern.Features.Staff;
using Vern.Infrastructure.Crypto;

namespace Vern.Infrastructure.Hosting;

/// <summary>What must be true before Vern takes a request or runs a verb.</summary>
internal static class Startup
{
    public static async Task PrepareAsync(IServiceProvider services, bool migrate, CancellationToken ct)
    {
        // SQLite would create the database readable by everyone the umask allows.
        if (services.GetRequiredService<DatabaseSettings>() is { Provider: DatabaseProvider.Sqlite } sqlite)
            SecretFile.CreateOwnerOnly(sqlite.SqliteFile);
        if (migrate)
            await services.MigrateAsync(ct);
        // Fail now, not at the first request, when the key store or master key is unusable.
        try
        {
            var keys = services.GetRequiredService<KeyStore>();
            await keys.GetLookupKeyAsync(ct);
            // Created now rather than by the first e-mail, which would then write a row the others do not.
            await keys.GetServiceKeyAsync(Email.MailOutbox.KeyOwner, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new StartupException($"The key store cannot be used: {e.Message}", e);
        }
        // A consent signing key that cannot be read or created stops start-up, not the first decision.
        services.GetRequiredService<ReceiptKey>();
        // A mistyped download-link lifetime stops start-up, not the first fulfilled access request.
        AccessPackages.Lifetime(services.GetRequiredService<IConfiguration>());
        // A mistyped public address stops start-up, not the first e-mail or receipt.
        services.GetRequiredService<PublicUrl>();
        // Roles, the privacy definition and the shipped policy are needed whether or not this
        // process migrated: with Database:MigrateOnStartup=false another one did.
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().EnsureRolesAsync();
            await services.GetRequiredService<ModelStore>().LoadAsync(ct);
            await DefaultPolicies.EnsureAsync(services, ct);
            await DefaultAgreement.EnsureAsync(services, ct);
            // Events must never arrive for a month without its partition (PostgreSQL).
            await scope.ServiceProvider.GetRequiredService<AnalyticsPartitions>().EnsureAheadAsync(ct);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new StartupException($"The database is not ready ({e.Message.Split('\n')[0].Trim()}); run the 'migrate' verb first.", e);
        }
    }
}
