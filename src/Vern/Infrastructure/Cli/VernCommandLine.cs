using System.CommandLine;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Cli;

/// <summary>
/// The verbs of the one executable. Anything a verb does not know (<c>--urls</c>,
/// <c>--Vern:DataDirectory=...</c>) is handed to ASP.NET Core configuration.
/// </summary>
internal static class VernCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Vern: a company's privacy policy, executable. Without a verb, serves the website, privacy centre, API and staff console.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(RestoreCommand.Create());
        root.Subcommands.Add(StaffCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(LedgerCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(RopaCommand.Create());
        root.Subcommands.Add(RetentionCommand.Create());
        root.Subcommands.Add(ReceiptCommand.Create());
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => Run(() => ServeCommand.RunAsync(result.UnmatchedTokens.ToArray(), ct)));

        if (args.Length > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
        {
            await Console.Error.WriteLineAsync($"'{args[0]}' is not a verb of Vern; run with --help to see them.");
            return 2;
        }
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>Turns an operator's mistake into one sentence on stderr and exit code 1, never a stack trace.</summary>
    internal static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (e.InnerException is StartupException inner)
        {
            await Console.Error.WriteLineAsync(inner.Message);
            return 1;
        }
    }

    /// <summary>Builds the application for a verb and prepares the database it needs.</summary>
    internal static async Task<WebApplication> BuildAndPrepareAsync(string[] configurationArgs, bool migrate, CancellationToken ct)
    {
        var app = Program.BuildWebApp(configurationArgs);
        await Startup.PrepareAsync(app.Services, migrate, ct);
        return app;
    }
}
