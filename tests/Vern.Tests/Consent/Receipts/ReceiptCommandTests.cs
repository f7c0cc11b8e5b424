using System.Text.Json.Nodes;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent.Receipts;

/// <summary>
/// <c>receipt verify FILE [--jwks URL|FILE]</c> as an auditor runs it: one line and exit 0 for a receipt that
/// verifies, the reason and exit 1 for one that does not; no database, nothing written.
/// </summary>
public sealed class ReceiptCommandTests : IDisposable
{
    private readonly ReceiptLog log = new();
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("vern-receipt-");
    private readonly DirectoryInfo workingDirectory = Directory.CreateTempSubdirectory("vern-receipt-cli-");

    [Fact]
    public async Task A_full_receipt_verifies_in_one_line_without_a_database()
    {
        var full = log.Full(5);

        var outcome = await VerifyAsync(Write("receipt.json", full.ToJsonString()), "--jwks", Write("jwks.json", ReceiptLog.Jwks(log.Key)));

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal(
            $"Verified: decision {full["consent"]!["consentReceiptID"]} is record 5 of the consent log, in the tree of 13 records whose head key {log.Key.Kid} signed at 2026-12-05 21:45:53.000 UTC.",
            outcome.Output.TrimEnd('\n'));
        Assert.Empty(workingDirectory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_compact_receipt_verifies_as_text_and_inside_the_decision_answer()
    {
        var jwks = Write("jwks.json", ReceiptLog.Jwks(log.Key));
        var compact = log.Receipt(7).Encode();
        var answer = new JsonObject { ["id"] = Guid.NewGuid().ToString("D"), ["recordedAt"] = "2026-12-05T21:45:47.123456Z", ["receipt"] = compact };

        var text = await VerifyAsync(Write("receipt.txt", compact + "\n"), "--jwks", jwks);
        var inAnswer = await VerifyAsync(Write("answer.json", answer.ToJsonString()), "--jwks", jwks);

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.StartsWith("Verified: record 7 of the consent log, in the tree of 13 records", text.Output, StringComparison.Ordinal);
        Assert.True(inAnswer.ExitCode == 0, inAnswer.Error);
        Assert.Equal(text.Output, inAnswer.Output);
    }

    [Fact]
    public async Task A_receipt_of_the_first_head_speaks_of_a_tree_of_1_record()
    {
        var outcome = await VerifyAsync(Write("receipt.txt", log.Receipt(0, size: 1).Encode()), "--jwks", Write("jwks.json", ReceiptLog.Jwks(log.Key)));

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.StartsWith("Verified: record 0 of the consent log, in the tree of 1 record whose head key", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_set_is_fetched_from_the_public_address_unless_given()
    {
        var jwks = ReceiptLog.Jwks(log.Key);
        await using var site = await FakeServer.StartAsync(_ => new Reply(200, jwks));
        var receipt = Write("receipt.json", log.Full(2).ToJsonString());

        var byDefault = await VerifyAsync(receipt, $"--Vern:PublicUrl={site.BaseAddress}");
        var byUrl = await VerifyAsync(receipt, "--jwks", new Uri(site.BaseAddress, "/keys").ToString());
        var nowhere = await VerifyAsync(receipt);

        Assert.True(byDefault.ExitCode == 0, byDefault.Error);
        Assert.True(byUrl.ExitCode == 0, byUrl.Error);
        Assert.Equal(["/.well-known/jwks.json", "/keys"], site.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("--jwks", nowhere.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("consent: the text hash", "the consent's \"textHash\" disagrees with the signed leaf")]
    [InlineData("consent: a service's choice", "the consent's \"services\" disagrees with the signed leaf")]
    [InlineData("leaf: one field", "the full receipt's \"leaf\" does not hash to the receipt's leaf hash")]
    [InlineData("proof: hash 2", "the signature does not verify the tree head rebuilt from the receipt")]
    [InlineData("proof: a hash fewer", "the inclusion proof does not lead from leaf 5 to the root of a tree of 13 records")]
    [InlineData("receipt: the index", "the signature does not verify")]
    [InlineData("receipt: the signature", "the signature does not verify")]
    [InlineData("head: the root", "the full receipt's \"head\" is not the signed tree head its receipt proves")]
    [InlineData("head: forged with another key under the log's kid", "the signature does not verify")]
    [InlineData("head: signed by a key not in the key set", "has no EC P-256 key with kid")]
    [InlineData("receipt: format 2", "is not a consent receipt of format 1")]
    public async Task An_altered_receipt_exits_1_with_the_reason(string alteration, string reason)
    {
        var outcome = await VerifyAsync(Write("receipt.json", Alterations.Apply(log, alteration).ToJsonString()), "--jwks", Write("jwks.json", ReceiptLog.Jwks(log.Key)));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Empty(outcome.Output);
        Assert.StartsWith("Not verified: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
    }

    private Task<VernProcess.Outcome> VerifyAsync(params string[] args) =>
        VernProcess.RunAsync(["receipt", "verify", .. args], dataDirectory: workingDirectory.FullName);

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        log.Dispose();
        directory.Delete(recursive: true);
        workingDirectory.Delete(recursive: true);
    }
}
