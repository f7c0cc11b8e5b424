using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Data;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_migration_applies_to_an_empty_database_and_the_model_has_no_pending_changes(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();

        var defined = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        Assert.NotEmpty(defined);
        Assert.Equal(defined, applied);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a migration: run eng/add-migration.sh NAME.");
    }
}
