using Vern.Features.Ropa;

namespace Vern.Tests.Ropa;

public sealed class RopaGoldenTests
{
    [Fact]
    public void The_json_export_of_the_default_model_matches_its_golden_file() =>
        Golden.AssertMatches("ropa.json", RopaJson.Serialize(RopaSamples.Default()));

    [Fact]
    public void The_controller_csv_of_the_default_model_matches_its_golden_file() =>
        Golden.AssertMatches("ropa-controller.csv", RopaCsv.Controller(RopaSamples.Default()));

    [Fact]
    public void The_processor_csv_of_the_default_model_matches_its_golden_file() =>
        Golden.AssertMatches("ropa-processor.csv", RopaCsv.Processor(RopaSamples.Default()));
}
