using Vern.Features.Ropa;
using Vern.Tests.Infrastructure;

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

    [Fact]
    public void The_processor_record_lists_each_customer_with_its_contacts_and_instructions()
    {
        Golden.AssertMatches("ropa-customers-processor.csv", RopaCsv.Processor(RopaSamples.WithCustomers()));
        Golden.AssertMatches("ropa-customers.json", RopaJson.Serialize(RopaSamples.WithCustomers()));
    }

    [Fact]
    public void The_json_export_of_the_Ignite_Procurement_example_matches_its_golden_file() =>
        Golden.AssertMatches("ignite-procurement-ropa.json", RopaJson.Serialize(RopaSamples.Example(Definitions.IgniteProcurement)));

    [Fact]
    public void The_controller_csv_of_the_Ignite_Procurement_example_matches_its_golden_file() =>
        Golden.AssertMatches("ignite-procurement-ropa-controller.csv", RopaCsv.Controller(RopaSamples.Example(Definitions.IgniteProcurement)));

    [Fact]
    public void The_processor_csv_of_the_Ignite_Procurement_example_matches_its_golden_file() =>
        Golden.AssertMatches("ignite-procurement-ropa-processor.csv", RopaCsv.Processor(RopaSamples.Example(Definitions.IgniteProcurement)));
}
