using Vern.Features.Model;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// The privacy definitions Vern is tested with: the demo company's, which Vern writes on first run,
/// and the complete definitions of other companies under <c>examples/</c> (copied next to the tests).
/// </summary>
internal static class Definitions
{
    public const string Demo = "demo";
    public const string IgniteProcurement = "ignite-procurement";

    public static readonly IReadOnlyList<string> Names = [Demo, IgniteProcurement];

    /// <summary>For theories that every definition must pass.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Names)
                data.Add(name);
            return data;
        }
    }

    /// <summary>A directory under <c>examples/</c>, as the tests' output holds it.</summary>
    public static string ExampleDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public static string Yaml(string name) =>
        name == Demo ? ModelStore.DefaultYaml() : File.ReadAllText(Path.Combine(ExampleDirectory(name), ModelStore.FileName));

    public static PrivacyModel Parse(string name)
    {
        var parsed = ModelParser.Parse(Yaml(name), ModelStore.FileName);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Errors));
        return parsed.Model!;
    }

    /// <summary>
    /// Puts the definition where an operator does, <c>&lt;data&gt;/privacy-model.yaml</c>, before the first
    /// start; the demo needs nothing, as Vern writes it itself.
    /// </summary>
    public static string PrepareDataDirectory(string name, string? dataDirectory = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("vern-definition-").FullName;
        Directory.CreateDirectory(dataDirectory);
        if (name != Demo)
            File.Copy(Path.Combine(ExampleDirectory(name), ModelStore.FileName), Path.Combine(dataDirectory, ModelStore.FileName));
        return dataDirectory;
    }

    /// <summary>Starts Vern with the definition as its README says: another company's installation turns the demo website off.</summary>
    public static Task<TestApp> StartAsync(string name) => TestApp.StartAsync(
        settings: new Dictionary<string, string?> { ["Vern:DemoSite:Enabled"] = name == Demo ? "true" : "false" },
        dataDirectory: PrepareDataDirectory(name));
}
