using System.CommandLine;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Ropa;

namespace Vern.Infrastructure.Cli;

internal static class RopaCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "json (both records, with DPV identifiers) or csv (one record; see --record)." };
        var record = new Option<string>("--record") { Description = "For csv: controller (Art. 30(1), one row per purpose; the default) or processor (Art. 30(2), one row per activity)." };
        var output = new Option<FileInfo>("--output") { Description = "Write to this file instead of standard output." };
        var command = new Command("ropa", "Print the Records of Processing Activities (GDPR Art. 30) of the privacy model in force.") { format, record, output };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            if (Choose(result.GetValue(format), result.GetValue(record)) is not { } file)
                return 2;
            // Logs go to stderr so that standard output holds nothing but the export.
            string[] configuration = ["--Logging:Console:LogToStandardErrorThreshold=Trace", .. result.UnmatchedTokens];
            await using var app = await VernCommandLine.BuildAndPrepareAsync(configuration, migrate: true, ct);
            var time = app.Services.GetRequiredService<TimeProvider>();
            await using var scope = app.Services.CreateAsyncScope();
            // The operator at the command line holds the master key: the processor record names the customers' contacts.
            var records = await RopaExport.CurrentAsync(app.Services.GetRequiredService<ModelStore>(), scope.ServiceProvider.GetRequiredService<RopaCustomers>(), "cli", time, ct);
            var bytes = RopaExport.Render(records, file);
            await RopaExport.AuditAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), time, "cli", records, file, ct);

            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path.FullName, bytes, ct);
                Console.WriteLine($"Wrote the records of processing of model version {records.ModelVersion} to {path.FullName}.");
                return 0;
            }
            // Bytes, not Console.Out, so the export is UTF-8 whatever the console's encoding.
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(bytes, ct);
            return 0;
        }));
        return command;
    }

    private static RopaFile? Choose(string? format, string? record)
    {
        switch (format?.Trim().ToLowerInvariant(), record?.Trim().ToLowerInvariant())
        {
            case ("json", null):
                return RopaFile.Json;
            case ("json", _):
                Console.Error.WriteLine("--record applies to csv only: the JSON holds both records.");
                return null;
            case ("csv", null or "controller"):
                return RopaFile.ControllerCsv;
            case ("csv", "processor"):
                return RopaFile.ProcessorCsv;
            case ("csv", _):
                Console.Error.WriteLine($"'{record}' is not a record: use --record controller or --record processor.");
                return null;
            case (null, _):
                Console.Error.WriteLine("Say which format: ropa --format json or ropa --format csv.");
                return null;
            default:
                Console.Error.WriteLine($"'{format}' is not a format of the records of processing: use --format json or --format csv.");
                return null;
        }
    }
}
