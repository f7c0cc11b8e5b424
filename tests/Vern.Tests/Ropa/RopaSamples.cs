using Vern.Features.Model;
using Vern.Features.Ropa;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Ropa;

/// <summary>The records of the shipped default model (and of the examples) at a fixed version and date, as the golden files hold them.</summary>
internal static class RopaSamples
{
    public static readonly DateTime GeneratedAt = new(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    public static PrivacyModel Parse(string yaml)
    {
        var parsed = ModelParser.Parse(yaml, "privacy-model.yaml");
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Errors));
        return parsed.Model!;
    }

    public static RecordsOfProcessing Default() => RopaBuilder.Build(Parse(ModelStore.DefaultYaml()), 1, GeneratedAt, []);

    /// <summary>The default model's records with two customers of its processor activity: one whose contacts are named, one whose are withheld.</summary>
    public static RecordsOfProcessing WithCustomers() => RopaBuilder.Build(Parse(ModelStore.DefaultYaml()), 1, GeneratedAt,
    [
        new(["analytics-product"], new("Fjord Bikes AS", "NO", new DateOnly(2026, 3, 1), null, "active", ["Siri Fjord <siri@fjordbikes.example>"], [], null, null, "version 1 accepted 2026-03-02 (e-mailed link)")),
        new(["analytics-product"], new("Lindqvist Retail AB", "SE", new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), "ending", null, ["EEA", "US"], "P13M", "Events from Swedish shops only.", "flagged: no agreement accepted")),
    ]);

    public static RecordsOfProcessing Example(string name) => RopaBuilder.Build(Definitions.Parse(name), 1, GeneratedAt, []);
}
