using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

/// <summary>
/// <c>keys rotate</c> run as an operator runs it. Losing the master key loses every person's data,
/// so a rotation must survive being killed at any step and must not run under a serving Vern.
/// </summary>
[StartsEarly]
public sealed class KeyRotationTests
{
    private static readonly PersonalDetails Bea = new("bea@example.com", "Bea Berg", "+47 400 00 001");

    /// <summary>The steps of <see cref="KeyRotation"/> after which the process can die.</summary>
    public static TheoryData<Provider, string> CrashSteps()
    {
        var data = new TheoryData<Provider, string>();
        string[] keyStoreSteps = ["next-key-written", "rewrapped"];
        string[] keyFileSteps = ["old-key-retired", "promoted", "retired-discarded"];
        foreach (var step in keyStoreSteps.Concat(keyFileSteps))
            data.Add(Provider.Sqlite, step);
        // The later steps only move master key files, whatever database holds the key store: on PostgreSQL, the steps
        // around its writes.
        foreach (var step in keyStoreSteps)
            data.Add(Provider.Postgres, step);
        return data;
    }

    [Theory]
    [MemberData(nameof(CrashSteps))]
    public async Task Keys_rotate_killed_at_any_step_loses_no_one_and_completes_when_run_again(Provider provider, string step)
    {
        await using var site = await TestSite.CreateAsync(provider);
        Guid ada, bea;
        string before;
        await using (var app = await site.OpenAsync())
        {
            ada = await app.AddAsync(TestSubjects.Ada);
            bea = await app.AddAsync(Bea);
            before = app.Services.GetRequiredService<MasterKeySource>().Current.Id;
        }

        var killed = await VernProcess.RunAsync(["keys", "rotate", .. site.Args],
            environment: new Dictionary<string, string> { [KeyRotation.CrashAtVariable] = step });

        Assert.True(killed.ExitCode == 137, $"Expected a kill -9 after '{step}', got exit code {killed.ExitCode}: {killed.Error}");
        // Vern starting after the crash reads everyone, whatever the step.
        await AssertEveryoneReadsAsync(site, ada, bea);

        var resumed = await VernProcess.RunAsync(["keys", "rotate", .. site.Args]);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        await using (var app = await site.OpenAsync())
        {
            var current = app.Services.GetRequiredService<MasterKeySource>().Current.Id;
            Assert.NotEqual(before, current);
            Assert.Equal(0, await app.Services.GetRequiredService<KeyStore>().CountNotUnderAsync(current));
        }
        await AssertEveryoneReadsAsync(site, ada, bea);
        Assert.Equal([MasterKeySource.FileName], System.IO.Directory.GetFiles(site.DataFile(""), "master.key*").Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Keys_rotate_refuses_while_Vern_serves_and_changes_nothing(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        Guid ada;
        await using (var app = await site.OpenAsync())
            ada = await app.AddAsync(TestSubjects.Ada);
        var keyFile = await File.ReadAllTextAsync(site.DataFile(MasterKeySource.FileName));

        await using (await VernProcess.ServeAsync(site.Args, site.Directory))
        {
            var refused = await VernProcess.RunAsync(["keys", "rotate", .. site.Args]);

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("Vern is running against this database", refused.Error, StringComparison.Ordinal);
            Assert.Equal(keyFile, await File.ReadAllTextAsync(site.DataFile(MasterKeySource.FileName)));
            Assert.False(File.Exists(site.DataFile(MasterKeySource.NextFileName)));
        }

        var rotated = await VernProcess.RunAsync(["keys", "rotate", .. site.Args]);
        Assert.True(rotated.ExitCode == 0, rotated.Error);
        Assert.NotEqual(keyFile, await File.ReadAllTextAsync(site.DataFile(MasterKeySource.FileName)));
        await AssertEveryoneReadsAsync(site, ada);
    }

    [Fact]
    public async Task Keys_rotate_with_a_configured_key_and_none_retired_says_how_to_rotate_it_and_changes_nothing()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        var configured = $"--Vern:MasterKey={MasterKey.Generate().ToBase64()}";
        await using (var app = await site.OpenAsync(configured))
            await app.AddAsync(TestSubjects.Ada);

        var refused = await VernProcess.RunAsync(["keys", "rotate", .. site.Args, configured]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("put a new key ('openssl rand -base64 32') in Vern:MasterKey and the current one in Vern:RetiredMasterKeys", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(site.DataFile(MasterKeySource.FileName)));
    }

    private static async Task AssertEveryoneReadsAsync(TestSite site, Guid ada, Guid? bea = null)
    {
        await using var app = await site.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        Assert.Equal(TestSubjects.Ada, await vault.RevealAsync(ada));
        Assert.Equal(ada, await vault.FindByEmailAsync(TestSubjects.Ada.Email!));
        if (bea is { } id)
            Assert.Equal(Bea, await vault.RevealAsync(id));
    }
}
