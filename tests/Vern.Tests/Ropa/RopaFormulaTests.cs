using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Ropa;

/// <summary>
/// The privacy model is edited by staff and imported from files: a text in it that a spreadsheet would
/// run as a formula reaches the downloaded records as plain text.
/// </summary>
public sealed class RopaFormulaTests
{
    private const string Formula = "=HYPERLINK(\"https://evil.example/\",\"Nordlys\")";

    [Fact]
    public async Task A_model_text_starting_like_a_formula_is_downloaded_as_plain_text()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        var yaml = ModelStore.DefaultYaml().Replace("  name: Nordlys Analytics AS", $"  name: '{Formula}'", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, ModelStore.FileName), yaml);
        await using var app = await TestApp.StartAsync(dataDirectory: dataDirectory);
        await StaffSessions.CreateAsync(app, "auditor@example.com", StaffRoles.Auditor);
        using var client = await StaffSessions.SignInAsync(app, "auditor@example.com");

        foreach (var path in new[] { "/admin/ropa.csv", "/admin/ropa-processor.csv" })
        {
            var rows = Csv.Parse(await client.GetStringAsync(path));
            var cells = rows.Skip(1).SelectMany(r => r).ToList();

            Assert.Contains(cells, c => c.StartsWith("'" + Formula, StringComparison.Ordinal));
            Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        }
    }
}
