using System.CommandLine;
using System.Globalization;
using Vern.Data;
using Vern.Features.Policies;
using Vern.Features.Policies.Notices;
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
        var noticeTo = new Option<string[]>("--notice-to") { Description = "With --significant: the purposes whose people are sent the notice; those the change's text names (or all, when it names none) if omitted.", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string?>("--reason") { Description = "With --significant: why it takes effect sooner than the notice period (Notices:Days, 30 days by default)." };
        var import = new Command("import", "Import a policy document as a new version.") { file, language, publish, effective, significant, summary, noticeTo, reason };
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
            var notices = scope.ServiceProvider.GetRequiredService<ChangeNotices>();
            var to = result.GetValue(noticeTo) is { Length: > 0 } chosen ? chosen : await TouchedAsync(db, notices, version, ct);
            var publication = new Publication(effectiveDate ?? OsloCalendar.Today(time), result.GetValue(significant), result.GetValue(summary), to, result.GetValue(reason));
            var errors = await PublishPolicy.Handle(db, notices, time, version.Id, publication, "cli", ct);
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

    /// <summary>The purposes the change touches, as the console pre-selects them.</summary>
    private static async Task<string[]> TouchedAsync(AppDb db, ChangeNotices notices, PolicyVersion version, CancellationToken ct)
    {
        var previous = await PolicyHistory.Previous(db, version, ct);
        var groups = await notices.GroupsAsync(version, PolicyDiff.Compare(previous?.Markdown ?? "", version.Markdown), ct);
        return [.. groups.Where(g => g.Touched).Select(g => g.Purpose)];
    }
}
