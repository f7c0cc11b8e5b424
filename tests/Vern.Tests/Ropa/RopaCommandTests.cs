using System.Text.Json;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Ropa;

public sealed class RopaCommandTests
{
    [Fact]
    public async Task Ropa_format_json_prints_the_records_as_json_and_nothing_else()
    {
        var outcome = await VernProcess.RunAsync(["ropa", "--format", "json"]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var json = JsonDocument.Parse(outcome.Output);
        Assert.Equal(1, json.RootElement.GetProperty("modelVersion").GetInt32());
        Assert.Equal(9, json.RootElement.GetProperty("controllerRecord").GetArrayLength());
        Assert.Equal(1, json.RootElement.GetProperty("processorRecord").GetArrayLength());
    }

    [Fact]
    public async Task Ropa_format_csv_prints_one_row_per_purpose_after_the_header()
    {
        var outcome = await VernProcess.RunAsync(["ropa", "--format", "csv"]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var rows = Csv.Parse(outcome.Output);
        Assert.Equal("Purpose id", rows[0][0]);
        Assert.Equal(10, rows.Count);
        Assert.Equal("site-operation", rows[1][0]);
    }

    [Fact]
    public async Task Ropa_writes_the_processor_record_to_a_file_with_output()
    {
        var directory = Directory.CreateTempSubdirectory("vern-ropa-").FullName;
        var file = Path.Combine(directory, "processor.csv");

        var outcome = await VernProcess.RunAsync(["ropa", "--format", "csv", "--record", "processor", "--output", file], dataDirectory: directory);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("processor.csv", outcome.Output, StringComparison.Ordinal);
        var rows = Csv.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(["Activity id", "analytics-product"], rows.Select(r => r[0]));
    }

    [Fact]
    public async Task An_unknown_format_is_refused_in_one_line()
    {
        var outcome = await VernProcess.RunAsync(["ropa", "--format", "xml"]);

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Equal("'xml' is not a format of the records of processing: use --format json or --format csv.", outcome.Error.Trim());
        Assert.Equal("", outcome.Output);
    }
}
