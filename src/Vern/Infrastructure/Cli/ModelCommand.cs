using System.CommandLine;
using Vern.Features.Model;

namespace Vern.Infrastructure.Cli;

internal static class ModelCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The YAML definition to check." };
        var check = new Command("check", "Validate a privacy definition; prints every problem as file:line: field: message and exits 1 if there is one.") { file };
        check.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.");
                return 1;
            }
            var parsed = ModelParser.Parse(await File.ReadAllTextAsync(path.FullName, ct), path.Name);
            var errors = parsed.IsValid ? await RetentionProblemsAsync(parsed.Model!, path.Name) : parsed.Errors;
            foreach (var error in errors)
                await Console.Error.WriteLineAsync(error.ToString());
            if (errors.Count > 0)
                return 1;
            var m = parsed.Model!;
            Console.WriteLine($"{path.Name} is valid: {m.Purposes.Count} purposes, {m.Categories.Count} data categories, {m.Recipients.Count} recipients, {m.Cookies.Count} cookies.");
            return 0;
        });
        return new Command("model", "Work with the privacy definition.") { check };
    }

    /// <summary>
    /// What in the definition's retention no feature of this build carries out. The features are asked through
    /// the application's services, built over an empty data directory of their own: nothing is read or written.
    /// </summary>
    private static async Task<IReadOnlyList<ModelError>> RetentionProblemsAsync(PrivacyModel model, string file)
    {
        var empty = Directory.CreateTempSubdirectory("vern-model-check-");
        try
        {
            await using var app = Program.BuildWebApp([$"--Vern:DataDirectory={empty.FullName}", "--Logging:LogLevel:Default=None"]);
            await using var scope = app.Services.CreateAsyncScope();
            return ModelStore.RetentionProblems(scope.ServiceProvider, model, file);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
