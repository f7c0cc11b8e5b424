using System.CommandLine;
using System.Globalization;
using Vern.Data;
using Vern.Features.Policies;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Cli;

internal static class PolicyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A Markdown policy, with or without front matter (title, description, date, url, lang)." };
        var language = new Option<string?>("--language") { Description = "en or nb; otherwise the front matter's lang, else en." };
        var publish = new Option<bool>("--publish") { Description = "Publish it at once instead of leaving a draft." };
        var effective = new Option<string?>("--effective") { Description = "With --publish: the date it takes effect (YYYY-MM-DD); today if omitted." };
        var significant = new Option<bool>("--significant") { Description = "With --publish: a significant change, announced to the people affected." };
        var summary = new Option<string?>("--summary") { Description = "With --publish: what changed." };
        var import = new Command("import", "Import a policy document as a new version.") { file, language, publish, effective, significant, summary };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.");
                return 1;
            }
            DateOnly? effectiveDate = null;
            if (result.GetValue(effective) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--effective '{text}' is not a date (YYYY-MM-DD).");
                    return 1;
                }
                effectiveDate = parsed;
            }
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: true, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var imported = await ImportPolicy.Handle(db, time, await File.ReadAllTextAsync(path.FullName, ct), "cli", result.GetValue(language), ct);
            if (imported.Version is not { } version)
            {
                foreach (var error in imported.Errors)
                    await Console.Error.WriteLineAsync($"{path.Name}: {error}");
                return 1;
            }
            if (!result.GetValue(publish))
            {
                Console.WriteLine($"Imported '{version.Title}' as draft {version.Language} version {version.Number}; review and publish it at /admin/policies/{version.Id}.");
                return 0;
            }
            var errors = await PublishPolicy.Handle(db, time, version.Id, effectiveDate ?? OsloCalendar.Today(time), result.GetValue(significant), result.GetValue(summary), "cli", ct);
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"Imported as draft {version.Number} but not published: {errors[0]}");
                return 1;
            }
            Console.WriteLine($"Published '{version.Title}' as {version.Language} version {version.Number}, in effect from {(effectiveDate ?? OsloCalendar.Today(time)):yyyy-MM-dd}.");
            return 0;
        }));
        return new Command("policy", "Work with privacy policy documents.") { import };
    }
}
