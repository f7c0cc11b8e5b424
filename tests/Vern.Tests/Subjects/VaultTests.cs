using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

public sealed class VaultTests
{
    private static readonly PersonalDetails Ada = new("Ada.Lovelace@Example.com", "Ada Lovelace", "+47 400 12 345", "Analytical Engines AS");

    internal static async Task<Guid> AddAsync(TestApp app, PersonalDetails details)
    {
        await using var scope = app.CreateScope();
        var subject = await scope.ServiceProvider.GetRequiredService<SubjectVault>().AddAsync(details);
        await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        return subject.Id;
    }

    private static async Task<T> WithVault<T>(TestApp app, Func<SubjectVault, AppDb, Task<T>> action)
    {
        await using var scope = app.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<SubjectVault>(), scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_subject_is_found_by_email_whatever_the_case_and_reads_back_exactly(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await AddAsync(app, Ada);
        await AddAsync(app, new PersonalDetails("someone.else@example.com", "Someone Else"));

        var found = await WithVault(app, (v, _) => v.FindByEmailAsync("  ada.lovelace@EXAMPLE.com "));
        var details = await WithVault(app, (v, _) => v.RevealAsync(id));

        Assert.Equal(id, found);
        Assert.Equal(Ada, details);
        Assert.Null(await WithVault(app, (v, _) => v.FindByEmailAsync("ada.lovelace+x@example.com")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_subject_is_found_by_another_identifier_such_as_a_visitor_id(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await AddAsync(app, Ada);
        await WithVault(app, async (v, db) =>
        {
            await v.AddIdentifierAsync(id, "visitor-id", "v-8f2c1a");
            return await db.SaveChangesAsync();
        });

        Assert.Equal(id, await WithVault(app, (v, _) => v.FindByIdentifierAsync("visitor-id", "v-8f2c1a")));
        Assert.Null(await WithVault(app, (v, _) => v.FindByIdentifierAsync("visitor-id", "v-000000")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_lookup_hash_is_keyed_so_a_leaked_database_cannot_be_searched_with_a_plain_hash(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var other = await TestApp.StartAsync(provider);
        var id = await AddAsync(app, Ada);
        var otherId = await AddAsync(other, Ada);

        var lookup = await WithVault(app, (_, db) => db.Subjects.Where(s => s.Id == id).Select(s => s.EmailLookup).SingleAsync());
        var otherLookup = await WithVault(other, (_, db) => db.Subjects.Where(s => s.Id == otherId).Select(s => s.EmailLookup).SingleAsync());

        var normalised = Encoding.UTF8.GetBytes("ada.lovelace@example.com");
        Assert.NotEqual(SHA256.HashData(normalised), lookup);
        Assert.NotEqual(lookup, otherLookup);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_ciphertext_moved_to_another_subject_does_not_decrypt(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ada = await AddAsync(app, Ada);
        var bob = await AddAsync(app, new PersonalDetails("bob@example.com", "Bob"));

        await WithVault(app, async (_, db) =>
        {
            var adaName = await db.Subjects.Where(s => s.Id == ada).Select(s => s.Name).SingleAsync();
            var target = await db.Subjects.SingleAsync(s => s.Id == bob);
            target.Name = adaName;
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAnyAsync<CryptographicException>(() => WithVault(app, (v, _) => v.RevealAsync(bob)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Master_key_rotation_rewraps_data_keys_without_touching_the_data(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await AddAsync(app, Ada);
        var source = app.Get<MasterKeySource>();
        var before = source.Current;
        var ciphertextBefore = await WithVault(app, (_, db) => db.Subjects.AsNoTracking().SingleAsync(s => s.Id == id));

        var outcome = await KeyRotation.RotateAsync(app.Get<DatabaseSettings>(), source, app.Get<KeyStore>(), CancellationToken.None);

        var ciphertextAfter = await WithVault(app, (_, db) => db.Subjects.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(3, outcome.Rewrapped); // the subject's data key, the lookup key and the outbox key
        Assert.Equal(ciphertextBefore.Email, ciphertextAfter.Email);
        Assert.Equal(ciphertextBefore.Name, ciphertextAfter.Name);
        Assert.Equal(outcome.KeyId, source.Current.Id);
        Assert.NotEqual(before.Id, source.Current.Id);
        Assert.Equal(outcome.KeyId, MasterKey.FromBase64(await File.ReadAllTextAsync(source.FilePath)).Id);
        Assert.Equal(Ada, await WithVault(app, (v, _) => v.RevealAsync(id)));
        Assert.Equal(id, await WithVault(app, (v, _) => v.FindByEmailAsync(Ada.Email!)));
    }

    [Fact]
    public async Task A_configured_master_key_rotates_through_the_retired_keys_setting()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        var oldKey = MasterKey.Generate();
        var newKey = MasterKey.Generate();
        Guid id;
        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:MasterKey"] = oldKey.ToBase64() }, dataDirectory: Copy(dataDirectory)))
        {
            id = await AddAsync(app, Ada);
            CopyBack(app.DataDirectory, dataDirectory);
        }

        // The new key is configured, the old one retired: reading still works, then rotation moves everything over.
        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Vern:MasterKey"] = newKey.ToBase64(),
            ["Vern:RetiredMasterKeys"] = oldKey.ToBase64(),
        }, dataDirectory: Copy(dataDirectory)))
        {
            Assert.Equal(Ada, await WithVault(app, (v, _) => v.RevealAsync(id)));
            Assert.Equal(3, (await KeyRotation.RotateAsync(app.Get<DatabaseSettings>(), app.Get<MasterKeySource>(), app.Get<KeyStore>(), CancellationToken.None)).Rewrapped);
            Assert.False(File.Exists(Path.Combine(app.DataDirectory, MasterKeySource.FileName)));
            CopyBack(app.DataDirectory, dataDirectory);
        }

        // Without the old key at all, everything still reads.
        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:MasterKey"] = newKey.ToBase64() }, dataDirectory: Copy(dataDirectory)))
            Assert.Equal(Ada, await WithVault(app, (v, _) => v.RevealAsync(id)));
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_generated_master_key_file_is_readable_by_its_owner_only()
    {
        await using var app = await TestApp.StartAsync();

        var mode = File.GetUnixFileMode(Path.Combine(app.DataDirectory, MasterKeySource.FileName));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Contains(app.Logs.Lines, l => l.Contains("Generated a new master key", StringComparison.Ordinal));
    }

    // TestApp deletes its data directory on disposal; these keep a copy between runs.
    private static string Copy(string source)
    {
        var target = Directory.CreateTempSubdirectory("vern-test-").FullName;
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    private static void CopyBack(string source, string target)
    {
        SqlitePools.Clear(source);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }
}
