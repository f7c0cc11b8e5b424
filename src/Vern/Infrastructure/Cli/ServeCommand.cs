using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Features.Site;
using Vern.Features.Staff;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Serve Vern (the default verb).") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((result, ct) => VernCommandLine.Run(() => RunAsync(result.UnmatchedTokens.ToArray(), ct)));
        return command;
    }

    public static async Task<int> RunAsync(string[] configurationArgs, CancellationToken ct)
    {
        await using var app = Program.BuildWebApp(configurationArgs);
        PublicUrl.RequireForServing(app.Configuration, app.Environment);
        // Taken before migrating, so a restore in progress is never migrated or served half-way.
        await using var running = await RunningServerMark.HoldAsync(app.Services.GetRequiredService<DatabaseSettings>(), ct);
        var migrate = app.Configuration.GetValue("Database:MigrateOnStartup", true);
        await Startup.PrepareAsync(app.Services, migrate, ct);
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var data = app.Services.GetRequiredService<DataDirectory>();
        var address = addresses.FirstOrDefault() ?? "http://localhost:5080";
        Console.WriteLine($"Vern is running at {address} (data in {data.Path}).");
        if (app.Services.GetRequiredService<DemoSite>().Enabled)
            Console.WriteLine($"  Demo website   {address}/  (turn off with --Vern:DemoSite:Enabled=false)");
        Console.WriteLine($"  Privacy centre {address}/privacy");
        Console.WriteLine($"  Staff console  {address}/admin");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (!await scope.ServiceProvider.GetRequiredService<StaffAccounts>().AnyAsync(ct))
            {
                Console.WriteLine("No staff account yet. Create the first one with:");
                Console.WriteLine("  echo 'a long passphrase' | dotnet run --project src/Vern -- staff add --email you@example.com --role privacy-officer --password-stdin");
            }
        }
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
