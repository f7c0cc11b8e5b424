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
            foreach (var error in parsed.Errors)
                await Console.Error.WriteLineAsync(error.ToString());
            if (!parsed.IsValid)
                return 1;
            var m = parsed.Model!;
            Console.WriteLine($"{path.Name} is valid: {m.Purposes.Count} purposes, {m.Categories.Count} data categories, {m.Recipients.Count} recipients, {m.Cookies.Count} cookies.");
            return 0;
        });
        return new Command("model", "Work with the privacy definition.") { check };
    }
}
