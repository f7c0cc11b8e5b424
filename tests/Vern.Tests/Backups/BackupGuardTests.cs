using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

using static Vern.Tests.Backups.BackupSteps;

namespace Vern.Tests.Backups;

/// <summary>
/// What the backup and restore verbs refuse or never do: restore under a running server, a changed file or manifest,
/// an archive that tries to run a command, a backup that would hold a key; each refusal one sentence that changes nothing.
/// </summary>
[StartsEarly]
public sealed class BackupGuardTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Backup_restore_refuses_while_Vern_serves_the_database_and_changes_nothing(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        var (backup, later) = await BackUpAdaThenAddCaiAsync(site);

        await using (await VernProcess.ServeAsync(site.Args, site.Directory))
        {
            var refused = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);

            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Vern is running against this database", refused.Error, StringComparison.Ordinal);
            await AssertCaiStillThereAsync(site, later);
        }

        // Once the server has stopped, the same restore goes ahead.
        var restored = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);
        Assert.True(restored.ExitCode == 0, restored.Error);
        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.False(await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.AnyAsync(s => s.Id == later));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Backup_restore_refuses_a_changed_file_or_manifest_and_changes_nothing(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        var (backup, later) = await BackUpAdaThenAddCaiAsync(site);
        var manifestPath = backup + ".json";
        var original = await File.ReadAllBytesAsync(backup);
        var manifest = await File.ReadAllTextAsync(manifestPath);
        Task<VernProcess.Outcome> RestoreAsync() => VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);

        // One flipped byte in the backup file.
        var flipped = original.ToArray();
        flipped[flipped.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(backup, flipped);
        AssertOneSentence(await RestoreAsync(), "does not match the checksum in its manifest");

        // The same file with the manifest's checksum made to match it.
        await File.WriteAllTextAsync(manifestPath, Edit(manifest, "sha256", Convert.ToHexStringLower(SHA256.HashData(flipped))));
        AssertOneSentence(await RestoreAsync(), "is not authenticated by this key store");

        // The file as Vern wrote it, and only the manifest edited.
        await File.WriteAllBytesAsync(backup, original);
        await File.WriteAllTextAsync(manifestPath, Edit(manifest, "createdAt", "2020-01-01T00:00:00+00:00"));
        AssertOneSentence(await RestoreAsync(), "is not authenticated by this key store");

        await AssertCaiStillThereAsync(site, later);
        // The pair as Vern wrote it restores.
        await File.WriteAllTextAsync(manifestPath, manifest);
        var restored = await RestoreAsync();
        Assert.True(restored.ExitCode == 0, restored.Error);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Backup_restore_on_PostgreSQL_never_lets_an_archive_run_a_shell_command()
    {
        await using var site = await TestSite.CreateAsync(Provider.Postgres);
        // What a compromised database server could slip into pg_dump's archive: a definition that
        // ends its statement and goes on with a psql backslash command on a line of its own.
        var marker = site.File("shell-ran");
        var placeholder = "VERNPAYLOAD" + new string('x', 200);
        Guid later;
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        await using (var connection = new NpgsqlConnection(site.MainConnectionString))
        {
            await connection.OpenAsync();
            await using var comment = new NpgsqlCommand($"""COMMENT ON TABLE "Subjects" IS '{placeholder}'""", connection);
            await comment.ExecuteNonQueryAsync();
        }
        var backup = site.File("vern.backup");
        var taken = await VernProcess.RunAsync(["backup", backup, .. site.Args]);
        Assert.True(taken.ExitCode == 0, taken.Error);
        await using (var app = await site.OpenAsync())
            later = await app.AddAsync(Cai);

        var archive = await File.ReadAllBytesAsync(backup);
        var target = Encoding.UTF8.GetBytes(placeholder + "'");
        var payload = Encoding.UTF8.GetBytes($"';\n\\! touch {marker}\n-- ".PadRight(target.Length));
        var at = archive.AsSpan().IndexOf(target);
        Assert.True(at > 0, "The comment is not in the archive's table of contents.");
        payload.CopyTo(archive, at);
        await File.WriteAllBytesAsync(backup, archive);
        // The archive came from the server as it was: Vern authenticated it as it would any other.
        await using (var app = await site.OpenAsync())
        {
            var key = (await app.Services.GetRequiredService<KeyStore>().GetBackupKeyAsync())!;
            var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(backup + ".json"))!;
            await File.WriteAllTextAsync(backup + ".json",
                (manifest with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(archive)), Bytes = archive.Length }).Authenticate(key).ToJson());
        }

        var refused = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("the database was left as it was", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "psql ran the archive's shell command.");

        // Client tools too old to restrict psql are refused before they see the archive. This
        // pg_restore behaves as one before 15.14 did: no --restrict-key, no \restrict in its script.
        var tools = System.IO.Directory.CreateDirectory(site.File("old-tools")).FullName;
        var fake = Path.Combine(tools, "pg_restore");
        await File.WriteAllTextAsync(fake, $$"""
            #!/bin/sh
            if [ "$1" = "--help" ]; then {{RealTool("pg_restore")}} --help | grep -v restrict; exit 0; fi
            {{RealTool("pg_restore")}} "$@" | grep -v '^\\\(un\)\?restrict '

            """);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var old = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args],
            environment: new Dictionary<string, string> { ["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });

        AssertOneSentence(old, "pg_restore on PATH lacks --restrict-key");
        Assert.False(File.Exists(marker), "psql ran the archive's shell command.");
        await AssertCaiStillThereAsync(site, later);
    }

    [Fact]
    public async Task Backup_without_a_file_writes_a_timestamped_backup_into_the_configured_directory_and_without_one_says_what_to_do()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        var directory = site.File("backups");

        var nowhere = await VernProcess.RunAsync(["backup", .. site.Args]);
        Assert.NotEqual(0, nowhere.ExitCode);
        Assert.Contains("Vern:Backups:Directory", nowhere.Error, StringComparison.Ordinal);

        Directory.CreateDirectory(directory);
        var taken = await VernProcess.RunAsync(["backup", .. site.Args, $"--Vern:Backups:Directory={directory}"]);
        Assert.True(taken.ExitCode == 0, taken.Error);
        var backup = Assert.Single(Directory.GetFiles(directory, "vern-*.sqlite"));
        Assert.Matches(@"vern-\d{8}T\d{6}Z\.sqlite$", backup);
        Assert.NotNull(BackupManifest.Parse(await File.ReadAllTextAsync(BackupManifest.PathFor(backup))));
        Assert.Contains(backup, taken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_refusals_overwrite_needs_force_restore_needs_yes_and_a_non_backup_changes_nothing()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        Guid later;
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        var backup = site.File("vern.backup");
        Assert.Equal(0, (await VernProcess.RunAsync(["backup", backup, .. site.Args])).ExitCode);
        await using (var app = await site.OpenAsync())
            later = await app.AddAsync(Cai);
        var firstBytes = await File.ReadAllBytesAsync(backup);

        var overwrite = await VernProcess.RunAsync(["backup", backup, .. site.Args]);
        AssertOneSentence(overwrite, "already exists; choose another file or pass --force");
        Assert.Equal(firstBytes, await File.ReadAllBytesAsync(backup));
        var forced = await VernProcess.RunAsync(["backup", backup, "--force", .. site.Args]);
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.NotEqual(firstBytes, await File.ReadAllBytesAsync(backup));

        var unconfirmed = await VernProcess.RunAsync(["restore", backup, .. site.Args]);
        AssertOneSentence(unconfirmed, "Run it again with --yes to confirm.");

        var garbage = site.File("notes.txt");
        await File.WriteAllTextAsync(garbage, "Minutes of the privacy board, not a database.");
        var notBackup = await VernProcess.RunAsync(["restore", garbage, "--yes", .. site.Args]);
        AssertOneSentence(notBackup, "is not a Vern backup");

        // A backup damaged after it was written: its manifest's checksum no longer matches.
        var damaged = site.File("damaged.backup");
        File.Copy(backup, damaged);
        File.Copy(backup + ".json", damaged + ".json");
        await using (var stream = File.OpenWrite(damaged))
        {
            stream.Seek(8192, SeekOrigin.Begin);
            await stream.WriteAsync(new byte[512]);
        }
        var corrupt = await VernProcess.RunAsync(["restore", damaged, "--yes", .. site.Args]);
        AssertOneSentence(corrupt, "does not match the checksum in its manifest");

        // Without a manifest nothing vouches for the file, damaged or not.
        File.Delete(damaged + ".json");
        var truncated = site.File("truncated.backup");
        await File.WriteAllBytesAsync(truncated, firstBytes.AsSpan(0, 4096 + 100).ToArray());
        var broken = await VernProcess.RunAsync(["restore", truncated, "--yes", .. site.Args]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("nothing was changed", broken.Error, StringComparison.Ordinal);

        await AssertCaiStillThereAsync(site, later);
    }

    [Fact]
    public async Task Backup_restore_a_backup_for_the_other_provider_and_a_missing_pg_dump_are_one_sentence()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        var backup = site.File("vern.backup");
        Assert.Equal(0, (await VernProcess.RunAsync(["backup", backup, .. site.Args])).ExitCode);
        // Nothing listens on port 9: the refusals must come before any connection is tried.
        string[] postgres = ["--Database:Provider=Postgres", "--ConnectionStrings:Vern=Host=127.0.0.1;Port=9;Database=vern;Timeout=3"];

        var otherProvider = await VernProcess.RunAsync(["restore", backup, "--yes", .. site.Args, .. postgres]);
        var noPgDump = await VernProcess.RunAsync(["backup", site.File("pg.backup"), .. site.Args, .. postgres],
            environment: new Dictionary<string, string> { ["PATH"] = site.File("empty-path") });

        AssertOneSentence(otherProvider, "is a Sqlite backup but the configured database is Postgres");
        AssertOneSentence(noPgDump, "pg_dump was not found on PATH");
    }

    [Fact]
    public async Task Backup_file_holds_no_data_key_no_wrapped_key_no_master_key_and_no_plaintext()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        var keys = new List<byte[]>();
        await using (var app = await site.OpenAsync())
        {
            var store = app.Services.GetRequiredService<KeyStore>();
            foreach (var details in new[] { TestSubjects.Ada, Bea, Cai })
                keys.Add((await store.GetDataKeyAsync((await app.AddAsync(details)).ToString()))!);
            keys.Add(await store.GetLookupKeyAsync());
            keys.Add(await store.GetServiceKeyAsync(Vern.Infrastructure.Email.MailOutbox.KeyOwner));
        }
        await using (var connection = new SqliteConnection($"Data Source={site.DataFile("keys.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT wrapped FROM data_keys", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                keys.Add((byte[])reader.GetValue(0));
        }
        keys.Add(Convert.FromBase64String((await File.ReadAllTextAsync(site.DataFile("master.key"))).Trim()));
        var backup = site.File("vern.backup");

        var taken = await VernProcess.RunAsync(["backup", backup, .. site.Args]);

        Assert.True(taken.ExitCode == 0, taken.Error);
        var bytes = await File.ReadAllBytesAsync(backup);
        Assert.Equal(5 + 5 + 1, keys.Count); // five keys, each wrapped, and the master key
        Assert.All(keys, key => Assert.True(bytes.AsSpan().IndexOf(key) < 0, "The backup holds key material."));
        Assert.True(bytes.AsSpan().IndexOf("ada@example.com"u8) < 0, "The backup holds a plaintext address.");
        Assert.False(File.Exists(site.File("keys.db")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
    }
}
