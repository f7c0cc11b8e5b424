using System.Text.Json.Nodes;
using Vern.Features.Consent.Verification;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent.Receipts;

/// <summary>
/// The README's verification recipe (<c>docs/verify-receipt.py</c>, Python with jwcrypto), run as a reader runs
/// it: a receipt of a test log verifies against the key set, and every alteration is refused.
/// </summary>
public sealed class ReceiptRecipeTests : IDisposable
{
    private static readonly string Recipe = Path.Combine(AppContext.BaseDirectory, "docs", "verify-receipt.py");

    // What the recipe says for each problem the C# verifier names: both check in the same order.
    private static readonly Dictionary<ReceiptProblem, string> Reasons = new()
    {
        [ReceiptProblem.BadEncoding] = "not verified: not a receipt of format 1",
        [ReceiptProblem.ProofLeadsNowhere] = "not verified: the proof is too",
        [ReceiptProblem.UnknownKey] = "not verified: no key with kid",
        [ReceiptProblem.BadSignature] = "InvalidJWSSignature",
        [ReceiptProblem.HeadDiffers] = "not verified: the head is not the one the receipt proves",
        [ReceiptProblem.LeafDiffers] = "not verified: the leaf is not the one the receipt proves",
        [ReceiptProblem.ConsentDisagrees] = "not verified: the consent disagrees with the leaf",
    };

    private readonly ReceiptLog log = new();
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("vern-recipe-");

    [Fact]
    public async Task Every_full_receipt_of_the_log_verifies_with_the_recipe()
    {
        var jwks = Write("jwks.json", ReceiptLog.Jwks(log.Key));
        for (var index = 0; index < log.Size; index++)
        {
            var (exitCode, output, error) = await RunAsync(Write($"receipt-{index}.json", log.Full(index).ToJsonString()), jwks);
            Assert.True(exitCode == 0, $"record {index}: {error}");
            Assert.StartsWith($"verified: decision {log.Full(index)["consent"]!["consentReceiptID"]} is record {index} of the consent log of 13 records", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_receipt_of_the_first_head_speaks_of_a_log_of_1_record()
    {
        var leaf = ReceiptLog.Leaf(0);
        var full = log.Full(leaf, log.Receipt(0, size: 1), JsonNode.Parse(leaf)!.AsObject());

        var (exitCode, output, error) = await RunAsync(Write("receipt.json", full.ToJsonString()), Write("jwks.json", ReceiptLog.Jwks(log.Key)));

        Assert.True(exitCode == 0, error);
        Assert.StartsWith($"verified: decision {full["consent"]!["consentReceiptID"]} is record 0 of the consent log of 1 record, head signed by", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_Vern_issued_verifies_with_the_recipe_and_with_the_verb_against_the_published_keys()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var answers = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
            answers.Add(await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: i % 2 == 0)));
        var jwks = Write("issued-jwks.json", (await ConsentApi.JwksAsync(client)).GetRawText());

        foreach (var answer in answers)
        {
            var id = answer["id"]!.GetValue<string>();
            var full = Write($"issued-{id}.json", (await ConsentApi.FullReceiptAsync(client, id)).GetRawText());
            var recipe = await RunAsync(full, jwks);
            var verb = await VernProcess.RunAsync(["receipt", "verify", full, "--jwks", jwks]);
            var compact = await VernProcess.RunAsync(["receipt", "verify", Write($"answer-{id}.json", answer.ToJsonString()), "--jwks", jwks]);

            Assert.True(recipe.ExitCode == 0, recipe.Error);
            Assert.StartsWith($"verified: decision {id}", recipe.Output, StringComparison.Ordinal);
            Assert.True(verb.ExitCode == 0, verb.Error);
            Assert.StartsWith($"Verified: decision {id}", verb.Output, StringComparison.Ordinal);
            Assert.True(compact.ExitCode == 0, compact.Error);
        }
    }

    [Fact]
    public void The_readme_shows_the_recipe_the_tests_run()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

        Assert.Contains("```python\n" + File.ReadAllText(Recipe) + "```", readme, StringComparison.Ordinal);
    }

    public static TheoryData<string> Altered => Alterations.Theory();

    [Theory]
    [MemberData(nameof(Altered))]
    public async Task The_recipe_refuses_an_altered_receipt(string alteration)
    {
        var (exitCode, output, error) = await RunAsync(Write("receipt.json", Alterations.Apply(log, alteration).ToJsonString()), Write("jwks.json", ReceiptLog.Jwks(log.Key)));

        Assert.True(exitCode != 0, $"verified: {output}");
        Assert.Contains(Reasons[Alterations.Problem(alteration)], error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => Python.RunAsync([Recipe, .. args]);

    public void Dispose()
    {
        log.Dispose();
        directory.Delete(recursive: true);
    }
}
