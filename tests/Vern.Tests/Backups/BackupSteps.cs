using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Backups;

/// <summary>What the backup tests share: the people, a site backed up with Ada and Cai added after, and their checks.</summary>
internal static class BackupSteps
{
    internal static readonly PersonalDetails Bea = new("bea@example.com", "Bea Berg", "+47 400 00 001");
    internal static readonly PersonalDetails Cai = new("cai@example.com", "Cai Carlsen");

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static void AssertOwnerOnly(string dataDirectory)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
        foreach (var name in new[] { "vern.db", "keys.db", MasterKeySource.FileName })
            Assert.True(File.Exists(Path.Combine(dataDirectory, name)), $"{name} is missing.");
        // The privacy definition is published on the privacy centre anyway; everything else is secret.
        foreach (var file in System.IO.Directory.GetFiles(dataDirectory).Where(f => Path.GetFileName(f) != "privacy-model.yaml"))
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}.");
    }

    internal static string Edit(string manifestJson, string property, string value)
    {
        var node = JsonNode.Parse(manifestJson)!;
        node[property] = value;
        return node.ToJsonString();
    }

    internal static string RealTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, tool)).First(File.Exists);

    /// <summary>Ada is in the backup; Cai, the returned id, was added after it.</summary>
    internal static async Task<(string Backup, Guid Later)> BackUpAdaThenAddCaiAsync(TestSite site)
    {
        await using (var app = await site.OpenAsync())
            await app.AddAsync(TestSubjects.Ada);
        var backup = site.File("vern.backup");
        var taken = await VernProcess.RunAsync(["backup", backup, .. site.Args]);
        Assert.True(taken.ExitCode == 0, taken.Error);
        await using (var app = await site.OpenAsync())
            return (backup, await app.AddAsync(Cai));
    }

    /// <summary>The database was left as it was: Cai, added after the backup, is still there and readable.</summary>
    internal static async Task AssertCaiStillThereAsync(TestSite site, Guid cai)
    {
        await using var app = await site.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(Cai, await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(cai));
    }

    internal static void AssertOneSentence(VernProcess.Outcome outcome, string expected)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
        Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", outcome.Error, StringComparison.Ordinal);
    }
}
