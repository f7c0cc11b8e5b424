using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

using static Vern.Tests.Backups.BackupSteps;

namespace Vern.Tests.Backups;

/// <summary>
/// The backup and restore verbs, run as an operator runs them, with Vern stopped in between as
/// the README asks. The point of it all: a person erased after a backup never comes back.
/// </summary>
[StartsEarly]
public sealed class BackupRestoreTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Backup_restore_erasure_after_backup_is_replayed_and_later_data_is_gone(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        Guid kept, erased, later;
        await using (var app = await site.OpenAsync())
        {
            kept = await app.AddAsync(TestSubjects.Ada);
            erased = await app.AddAsync(Bea);
        }
        var backup = site.File("vern.backup");

        var taken = await VernProcess.RunAsync(["backup", backup, .. site.Args]);
        Assert.True(taken.ExitCode == 0, taken.Error);
        Assert.Contains("no data key and no master key", taken.Output, StringComparison.Ordinal);
        var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(backup + ".json"))!;
        Assert.Equal(provider.ToString(), manifest.Provider);
        Assert.Equal(0, manifest.ErasureLedgerHighWaterMark);
        Assert.NotNull(manifest.Migration);

        await using (var app = await site.OpenAsync())
        {
            await app.EraseAsync(erased);
            later = await app.AddAsync(Cai);
        }

        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Contains("1 erasure replayed", restored.Output, StringComparison.Ordinal);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Null(await vault.RevealAsync(erased));
            var row = await db.Subjects.AsNoTracking().SingleAsync(s => s.Id == erased);
            Assert.NotNull(row.ShreddedAt);
            Assert.True(row.Email is null && row.Name is null && row.Phone is null && row.EmailLookup is null);
            Assert.Single(await db.ErasureLedger.Where(e => e.SubjectId == erased).ToListAsync());
            Assert.Equal(TestSubjects.Ada, await vault.RevealAsync(kept));
            Assert.False(await db.Subjects.AnyAsync(s => s.Id == later));
            var audit = await db.AuditEntries.SingleAsync(e => e.Action == "backup.restored");
            Assert.Equal("system", audit.Actor);
            Assert.Contains("erasures replayed=1", audit.Details, StringComparison.Ordinal);
        }

        // Replaying is idempotent: restoring the same backup again erases the same person again.
        var again = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("1 erasure replayed", again.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Backup_restore_a_person_retention_deleted_after_the_backup_stays_deleted(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        Guid kept, expired;
        await using (var app = await site.OpenAsync())
        {
            kept = await app.AddAsync(TestSubjects.Ada);
            expired = await app.AddAsync(Bea);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            // Bea's last contact was three years ago; the shipped rule keeps contacts for two.
            db.Submissions.Add(new Submission
            {
                Id = Guid.NewGuid(),
                SubjectId = expired,
                Form = "contact",
                Purpose = "customer-relationship",
                SubmittedAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddYears(-3),
            });
            db.Submissions.Add(new Submission
            {
                Id = Guid.NewGuid(),
                SubjectId = kept,
                Form = "contact",
                Purpose = "customer-relationship",
                SubmittedAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-3),
            });
            await db.SaveChangesAsync();
        }
        var backup = site.File("vern.backup");
        Assert.Equal(0, (await VernProcess.RunAsync(["backup", backup, .. site.Args])).ExitCode);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
            Assert.Equal(1, run!.Total);
        }

        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Contains("1 erasure replayed", restored.Output, StringComparison.Ordinal);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Null(await vault.RevealAsync(expired));
            Assert.False(await db.Submissions.AnyAsync(s => s.SubjectId == expired));
            Assert.Equal(TestSubjects.Ada, await vault.RevealAsync(kept));
            Assert.True(await db.Submissions.AnyAsync(s => s.SubjectId == kept));
        }
    }

    [Fact]
    public async Task Backup_restore_on_PostgreSQL_makes_the_database_exactly_the_backup_even_with_tables_added_since()
    {
        await using var site = await TestSite.CreateAsync(Provider.Postgres);
        var (backup, _) = await BackUpAdaThenAddCaiAsync(site);
        // What a later version's migration would leave: a table the backup knows nothing of.
        var main = site.MainConnectionString;
        await using (var connection = new NpgsqlConnection(main))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("""CREATE TABLE "LaterFeature" ("Id" integer PRIMARY KEY); INSERT INTO "LaterFeature" VALUES (1);""", connection);
            await create.ExecuteNonQueryAsync();
        }

        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);

        Assert.True(restored.ExitCode == 0, restored.Error);
        await using (var connection = new NpgsqlConnection(main))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'LaterFeature'", connection);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }
        await using var opened = await site.OpenAsync();
        await using var scope = opened.Services.CreateAsyncScope();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        Assert.Equal(TestSubjects.Ada, await vault.RevealAsync(await vault.FindByEmailAsync(TestSubjects.Ada.Email!) ?? Guid.Empty));
    }

    [Fact]
    public async Task Backup_restore_on_PostgreSQL_that_cannot_finish_leaves_the_database_as_it_was()
    {
        await using var site = await TestSite.CreateAsync(Provider.Postgres);
        var (backup, later) = await BackUpAdaThenAddCaiAsync(site);
        var main = site.MainConnectionString;

        // A report holding a table open: the restore cannot drop it, gives up after its lock timeout, and rolls back.
        await using (var report = new NpgsqlConnection(main))
        {
            await report.OpenAsync();
            await using var transaction = await report.BeginTransactionAsync();
            await using (var read = new NpgsqlCommand("""SELECT count(*) FROM "Subjects" """, report, transaction))
                await read.ExecuteScalarAsync();

            var failed = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args], timeout: TimeSpan.FromSeconds(90));

            Assert.NotEqual(0, failed.ExitCode);
            Assert.Contains("the database was left as it was", failed.Error, StringComparison.Ordinal);
            Assert.Contains("lock timeout", failed.Error, StringComparison.Ordinal);
        }
        await AssertCaiStillThereAsync(site, later);
    }

    [Fact]
    public async Task Backup_on_SQLite_holds_what_only_the_write_ahead_log_holds_and_a_restore_ignores_a_log_left_behind()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        var backup = site.File("vern.backup");
        var log = site.DataFile("vern.db-wal");
        byte[] staleLog;
        Guid kept, later;
        await using (var app = await site.OpenAsync())
        {
            kept = await app.AddAsync(TestSubjects.Ada);
            // Vern still has the database open: the new person is committed to the log, not yet to vern.db.
            Assert.True(new FileInfo(log).Length > 0, "vern.db-wal is empty while the database is open.");
            var taken = await VernProcess.RunAsync(["backup", backup, .. site.Args]);
            Assert.True(taken.ExitCode == 0, taken.Error);

            later = await app.AddAsync(Cai);
            staleLog = await File.ReadAllBytesAsync(log);
        }
        // The database file lost but its log left behind, holding the later person: with no old
        // database to open, nothing but the restore stops SQLite from applying it to the backup.
        File.Delete(site.DataFile("vern.db"));
        await File.WriteAllBytesAsync(log, staleLog);

        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(restored.ExitCode == 0, restored.Error);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(TestSubjects.Ada, await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(kept));
            Assert.False(await db.Subjects.AnyAsync(s => s.Id == later));
            Assert.Equal(["ok"], await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").ToListAsync());
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Backup_restore_database_key_store_and_keys_are_owner_only_from_a_fresh_start_through_backup_and_restore()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);

        var started = await VernProcess.RunAsync(["migrate", .. site.Args]);

        Assert.True(started.ExitCode == 0, started.Error);
        AssertOwnerOnly(site.DataFile(""));
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        var backup = site.File("vern.backup");
        Assert.Equal(0, (await VernProcess.RunAsync(["backup", backup, .. site.Args])).ExitCode);
        // Copied around with a careless mode on its way back.
        File.SetUnixFileMode(backup, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(restored.ExitCode == 0, restored.Error);
        AssertOwnerOnly(site.DataFile(""));
    }


    [Fact]
    public async Task Backup_restore_without_the_old_database_the_missing_key_still_erases_the_person()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        Guid kept, erased;
        await using (var app = await site.OpenAsync())
        {
            kept = await app.AddAsync(TestSubjects.Ada);
            erased = await app.AddAsync(Bea);
        }
        var backup = site.File("vern.backup");
        Assert.Equal(0, (await VernProcess.RunAsync(["backup", backup, .. site.Args])).ExitCode);
        await using (var app = await site.OpenAsync())
            await app.EraseAsync(erased);
        // The disk with the database is lost; the key store, kept elsewhere, survives.
        File.Delete(site.DataFile("vern.db"));

        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);

        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Contains("1 erasure replayed", restored.Output, StringComparison.Ordinal);
        Assert.Contains("could not be read", restored.Output, StringComparison.Ordinal);
        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Null(await vault.RevealAsync(erased));
            var entry = await db.ErasureLedger.SingleAsync(e => e.SubjectId == erased);
            Assert.Equal(ErasureReplay.RestoreReplaySource, entry.Sources);
            Assert.Equal(TestSubjects.Ada, await vault.RevealAsync(kept));
        }
    }
}
