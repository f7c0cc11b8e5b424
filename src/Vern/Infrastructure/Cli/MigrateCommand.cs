using System.CommandLine;
using Vern.Data;

namespace Vern.Infrastructure.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply database migrations and exit.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: true, ct);
            Console.WriteLine($"The {app.Services.GetRequiredService<DatabaseSettings>().Provider} database is up to date.");
            return 0;
        }));
        return command;
    }
}
