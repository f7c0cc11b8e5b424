using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Features.Retention;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>The backups in the configured directory go when the definition's backup rule (35 days) says, and nothing else there does.</summary>
public sealed class BackupRetentionTests
{
    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset Taken = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_backup_is_deleted_on_the_day_35_days_after_it_was_taken_and_no_other_file_is(Provider provider)
    {
        var directory = Directory.CreateTempSubdirectory("vern-backups-").FullName;
        var time = new FakeTimeProvider(Taken);
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { [BackupDirectory.Setting] = directory },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var first = await BackupAsync(app, time);
        time.Advance(TimeSpan.FromDays(1));
        var second = await BackupAsync(app, time);

        // Files that are not Vern's backups: an operator's note, a copy of a database with a manifest written by hand,
        // and a backup of another key store's (its manifest does not authenticate here). All older than any backup.
        var note = Path.Combine(directory, "README.txt");
        await File.WriteAllTextAsync(note, "Backups of the Vern server.");
        var forged = Path.Combine(directory, "forged.sqlite");
        File.Copy(first, forged);
        var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(BackupManifest.PathFor(first)))!;
        await File.WriteAllTextAsync(BackupManifest.PathFor(forged), (manifest with { CreatedAt = Taken.AddYears(-1), Mac = new string('0', 64) }).ToJson());
        foreach (var file in Directory.EnumerateFiles(directory))
            File.SetLastWriteTimeUtc(file, Taken.AddYears(-1).UtcDateTime);

        // 23:59 in Oslo on 13 February 2027: the last day before the first backup's 35 days are up.
        time.SetUtcNow(new DateTimeOffset(2027, 2, 13, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await DueAsync(app));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.True(File.Exists(first));

        // Just after midnight in Oslo on 14 February 2027: due today, the backup and its manifest.
        time.SetUtcNow(new DateTimeOffset(2027, 2, 13, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, await DueAsync(app));
        var due = await RunAsync(app);
        Assert.Equal(1, due!.Disposed[("backups-35-days", "backups")]);
        Assert.False(File.Exists(first));
        Assert.False(File.Exists(BackupManifest.PathFor(first)));
        Assert.True(File.Exists(second));

        time.SetUtcNow(new DateTimeOffset(2027, 12, 31, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("backups-35-days", "backups")]);
        Assert.Equal(
            new[] { BackupManifest.PathFor(forged), forged, note }.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal));
    }

    private static async Task<string> BackupAsync(TestApp app, TimeProvider time)
    {
        await using var scope = app.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var file = scope.ServiceProvider.GetRequiredService<BackupDirectory>().NewFile(time.GetUtcNow(), settings.Provider);
        await TakeBackup.HandleAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), settings, scope.ServiceProvider.GetRequiredService<KeyStore>(), time, file, force: false, CancellationToken.None);
        return file;
    }

    private static async Task<int> DueAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<RetentionEngine>().DryRunAsync(CancellationToken.None))[("backups-35-days", "backups")];
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }
}
