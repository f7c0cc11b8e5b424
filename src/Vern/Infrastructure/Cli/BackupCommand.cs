using System.CommandLine;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Cli;

internal static class BackupCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file")
        {
            Description = $"Where to write the backup; a manifest is written beside it as <file>.json. Without it, a new timestamped file in {BackupDirectory.Setting}.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists." };
        var command = new Command("backup",
            "Copy the main database, consistently and while Vern runs, to a file with a manifest authenticated by the key store. The key store and the master key are not in it: back them up separately.")
        { file, force };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            // Not prepared: a copy must not write to the database. It asks the key store only for the
            // key that authenticates the manifest.
            // The optional file would take a first setting (--Key=value) as its value; a setting is never the file.
            var given = result.GetValue(file);
            string[] settingsArgs = given is not null && given.StartsWith("--", StringComparison.Ordinal) ? [given, .. result.UnmatchedTokens] : [.. result.UnmatchedTokens];
            if (settingsArgs.Length > result.UnmatchedTokens.Count)
                given = null;
            await using var app = Program.BuildWebApp(settingsArgs);
            await using var scope = app.Services.CreateAsyncScope();
            var settings = app.Services.GetRequiredService<DatabaseSettings>();
            var directory = app.Services.GetRequiredService<BackupDirectory>();
            var path = given is not null ? Path.GetFullPath(given)
                : directory.Path is not null ? directory.NewFile(app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), settings.Provider)
                : throw new StartupException($"Name the file to write the backup to, or configure {BackupDirectory.Setting} to keep backups there.");
            var manifest = await TakeBackup.HandleAsync(
                scope.ServiceProvider.GetRequiredService<AppDb>(), settings, app.Services.GetRequiredService<KeyStore>(),
                app.Services.GetRequiredService<TimeProvider>(), path, result.GetValue(force), ct);
            Console.WriteLine($"Backed up the {settings.Provider} database to {path} ({manifest.Bytes} bytes, schema {manifest.Migration}, erasure ledger up to entry {manifest.ErasureLedgerHighWaterMark}); manifest in {BackupManifest.PathFor(path)}.");
            Console.WriteLine("The backup holds no data key and no master key. Back up the key store and the master key separately, each kept apart from the other and from this file: without the key store the backup's personal data cannot be read.");
            return 0;
        }));
        return command;
    }
}
