using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Infrastructure.Crypto;

namespace Vern.Infrastructure.Cli;

internal static class RestoreCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A backup written by the backup verb." };
        var yes = new Option<bool>("--yes") { Description = "Replace the database without asking." };
        var command = new Command("restore",
            "Replace the main database with a backup, with Vern stopped, then replay every erasure made since the backup so no erased person comes back.")
        { file, yes };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            var path = Path.GetFullPath(result.GetValue(file)!);
            await using var app = Program.BuildWebApp(result.UnmatchedTokens.ToArray());
            var settings = app.Services.GetRequiredService<DatabaseSettings>();
            CheckedBackup backup;
            await using (var scope = app.Services.CreateAsyncScope())
                backup = await BackupFile.CheckAsync(path, settings.Provider, scope.ServiceProvider.GetRequiredService<AppDb>().Database.GetMigrations(),
                    app.Services.GetRequiredService<KeyStore>(), ct);

            if (!result.GetValue(yes) && !await ConfirmAsync(settings.Provider, path))
            {
                await Console.Error.WriteLineAsync("A restore replaces the whole database; nothing was changed. Run it again with --yes to confirm.");
                return 1;
            }

            var outcome = await RestoreBackup.HandleAsync(app.Services, backup, ct);
            var replay = outcome.Replay;
            Console.WriteLine($"Restored the {settings.Provider} database from {path} (taken {backup.Manifest.CreatedAt:u}).");
            if (!outcome.LedgerRead)
                Console.WriteLine("The database that was replaced could not be read, so only the key store showed who was erased after the backup.");
            Console.WriteLine($"{replay.Erasures} {(replay.Erasures == 1 ? "erasure" : "erasures")} replayed ({replay.FromLedger} from the erasure ledger, {replay.FromKeyStore} from data keys no longer in the key store).");
            return 0;
        }));
        return command;
    }

    /// <summary>Asks at a terminal; with input redirected (a script) there is no one to ask, so the answer is no.</summary>
    private static async Task<bool> ConfirmAsync(DatabaseProvider provider, string path)
    {
        if (Console.IsInputRedirected)
            return false;
        Console.Write($"This replaces the whole {provider} database with {path}. Type 'yes' to go on: ");
        var answer = await Console.In.ReadLineAsync();
        return string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
    }
}
