using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Cli;

/// <summary>
/// <c>receipt verify</c>: checks a consent receipt against a published key set, with no database and no key of
/// Vern's own, so that whoever holds a receipt can check it on any machine.
/// </summary>
internal static class ReceiptCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A full receipt (JSON), a compact receipt (base64url text), or the JSON answer holding one in \"receipt\"." };
        var jwks = new Option<string>("--jwks") { Description = "The key set (RFC 7517): an http(s) address or a file. Default: <Vern:PublicUrl>/.well-known/jwks.json." };
        var verify = new Command("verify", "Verify a consent receipt: its inclusion proof, the signed tree head it leads to and, for a full receipt, its leaf and consent fields; exits 1 if it does not verify.")
        {
            file, jwks,
        };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.");
                return 1;
            }
            var source = result.GetValue(jwks) ?? DefaultKeySet(result.UnmatchedTokens);
            if (source is null)
            {
                await Console.Error.WriteLineAsync($"Say where the key set is: --jwks URL or --jwks FILE, or set {PublicUrl.Setting}.");
                return 2;
            }
            using var keys = ReceiptKeySet.Read(await ReadKeySetAsync(source, ct));
            if (keys is null)
            {
                await Console.Error.WriteLineAsync($"{source} is not a JSON Web Key Set (RFC 7517).");
                return 1;
            }
            var verdict = Verify(new ReceiptVerifier(keys), await File.ReadAllBytesAsync(path.FullName, ct));
            if (verdict.Verified)
            {
                Console.WriteLine(Verified(verdict));
                return 0;
            }
            await Console.Error.WriteLineAsync($"Not verified: {Reason(verdict, source)}");
            return 1;
        }));
        return new Command("receipt", "Work with consent receipts.") { verify };
    }

    /// <summary>The key set the configured public address publishes; null when none is configured.</summary>
    private static string? DefaultKeySet(IReadOnlyList<string> configurationArgs)
    {
        // The host's own configuration sources (appsettings.json, environment, command line), without building the app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. configurationArgs], ContentRootPath = AppContext.BaseDirectory });
        return PublicUrl.Configured(builder.Configuration) is { } site ? new Uri(site, "/.well-known/jwks.json").ToString() : null;
    }

    private static async Task<byte[]> ReadKeySetAsync(string source, CancellationToken ct)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return File.Exists(source) ? await File.ReadAllBytesAsync(source, ct) : throw new StartupException($"{source} is neither an http(s) address nor a file.");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return await http.GetByteArrayAsync(url, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new StartupException($"Could not fetch the key set from {url}: {e.Message}", e);
        }
    }

    /// <summary>A full receipt has a leaf; otherwise the file is the compact receipt or an answer that carries it.</summary>
    private static ReceiptVerdict Verify(ReceiptVerifier verifier, byte[] content)
    {
        var text = Encoding.UTF8.GetString(content).Trim();
        if (!text.StartsWith('{'))
            return verifier.VerifyCompact(text);
        try
        {
            using var json = JsonDocument.Parse(content);
            if (json.RootElement.TryGetProperty("leaf", out _))
                return verifier.VerifyFull(content);
            if (json.RootElement.TryGetProperty("receipt", out var receipt) && receipt.ValueKind == JsonValueKind.String)
                return verifier.VerifyCompact(receipt.GetString()!);
        }
        catch (JsonException)
        {
            // Reported as not a receipt, below.
        }
        return new ReceiptVerdict(ReceiptProblem.BadEncoding);
    }

    private static string Verified(ReceiptVerdict verdict)
    {
        var receipt = verdict.Receipt!;
        var decision = verdict.RecordId is { } id ? $"decision {id} is " : "";
        var time = DateTimeOffset.FromUnixTimeMilliseconds(receipt.Time).ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);
        return $"Verified: {decision}record {receipt.Index} of the consent log, in the tree of {Records(receipt.Size)} whose head key {receipt.Kid} signed at {time}.";
    }

    private static string Records(long count) => count == 1 ? "1 record" : $"{count} records";

    private static string Reason(ReceiptVerdict verdict, string source) => verdict.Problem switch
    {
        ReceiptProblem.BadEncoding when verdict.Field is { } field => $"the full receipt's \"{field}\" is not a leaf of format 1.",
        ReceiptProblem.BadEncoding => "the file is not a consent receipt of format 1 (a full receipt, a compact receipt, or a JSON answer with one in \"receipt\").",
        ReceiptProblem.ProofLeadsNowhere => $"the inclusion proof does not lead from leaf {verdict.Receipt!.Index} to the root of a tree of {Records(verdict.Receipt.Size)}.",
        ReceiptProblem.UnknownKey => $"the key set at {source} has no EC P-256 key with kid {verdict.Receipt!.Kid}.",
        ReceiptProblem.BadSignature => "the signature does not verify the tree head rebuilt from the receipt: the leaf hash, the proof, the index, the size, the time or the signature was altered, or another key signed it.",
        ReceiptProblem.HeadDiffers => "the full receipt's \"head\" is not the signed tree head its receipt proves.",
        ReceiptProblem.LeafDiffers when verdict.Field == "index" => $"the leaf names another index than the receipt's {verdict.Receipt!.Index}.",
        ReceiptProblem.LeafDiffers => "the full receipt's \"leaf\" does not hash to the receipt's leaf hash.",
        ReceiptProblem.ConsentDisagrees => $"the consent's \"{verdict.Field}\" disagrees with the signed leaf.",
        _ => verdict.Problem.ToString(),
    };
}
