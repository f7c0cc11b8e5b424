using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>
/// Receipt verification as an auditor runs it over an export: <see cref="ReceiptVerifier"/>, the recipe's algorithm,
/// on one thread, over compact and full receipts whose proofs have 25 hashes (a log of 20 million records), with one
/// head per receipt and with receipts sharing their commit's head. Synchronous throughout, so the thread measured
/// is the thread verifying.
/// </summary>
internal static class ReceiptBenchmark
{
    private const int Chunk = 4096;
    public const double TargetPerCpuSecond = 20_000;

    public static int Run(ReceiptOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Receipts: {options.Receipts:N0} per run, tree of {options.TreeSize:N0} records, proofs of 25 hashes; load average {MachineLoad.OneMinute():F1}, {Environment.ProcessorCount} cores"));
        output.WriteLine();
        Breakdown(options, output);
        output.WriteLine();
        output.WriteLine("| receipts per head | receipt | verified | wall | CPU | waiting for a core | per CPU-second | per wall second | target (20,000 per CPU-second) |");
        output.WriteLine("|--:|---|--:|--:|--:|--:|--:|--:|---|");
        var failed = false;
        foreach (var perHead in options.PerHead)
            foreach (var full in new[] { false, true })
            {
                var (verified, wall, cpu) = Measure(options, perHead, full);
                failed |= verified != options.Receipts;
                var perCpu = verified / cpu.Running.TotalSeconds;
                output.WriteLine(string.Create(c,
                    $"| {perHead} | {(full ? "full" : "compact")} | {verified:N0} | {wall.TotalSeconds:F2} s | {cpu.Running.TotalSeconds:F2} s | {cpu.Waiting.TotalSeconds:F2} s | {perCpu:N0} | {verified / wall.TotalSeconds:N0} | {(perCpu >= TargetPerCpuSecond ? "met" : "NOT met")} |"));
            }
        if (failed)
            output.WriteLine("FAILED: a receipt did not verify.");
        return failed ? 1 : 0;
    }

    private static (int Verified, TimeSpan Wall, ThreadCpu Cpu) Measure(ReceiptOptions options, int perHead, bool full)
    {
        using var log = new SyntheticReceipts(options, perHead);
        using var keys = ReceiptKeySet.Read(Encoding.UTF8.GetBytes(log.Jwks()))!;
        var verifier = new ReceiptVerifier(keys);
        // The first chunk warms the JIT up and is not counted.
        Verify(verifier, log.Next(Chunk), full);
        var (verified, wall, cpu) = (0, TimeSpan.Zero, default(ThreadCpu));
        for (var done = 0; done < options.Receipts; done += Chunk)
        {
            var receipts = log.Next(Math.Min(Chunk, options.Receipts - done));
            var (started, startCpu) = (Stopwatch.GetTimestamp(), ThreadCpu.Now());
            verified += Verify(verifier, receipts, full);
            cpu += ThreadCpu.Now() - startCpu;
            wall += Stopwatch.GetElapsedTime(started);
        }
        return (verified, wall, cpu);
    }

    private static int Verify(ReceiptVerifier verifier, (List<string> Compact, List<byte[]> Full) receipts, bool full)
    {
        var verified = 0;
        if (full)
            foreach (var receipt in receipts.Full)
                verified += verifier.VerifyFull(receipt).Verified ? 1 : 0;
        else
            foreach (var receipt in receipts.Compact)
                verified += verifier.VerifyCompact(receipt).Verified ? 1 : 0;
        return verified;
    }

    /// <summary>CPU per receipt of each step the verifier takes, each step timed alone over one chunk.</summary>
    private static void Breakdown(ReceiptOptions options, TextWriter output)
    {
        using var log = new SyntheticReceipts(options, perHead: 1);
        using var keys = ReceiptKeySet.Read(Encoding.UTF8.GetBytes(log.Jwks()))!;
        var key = keys.Find(log.Kid)!;
        var (compact, full) = log.Next(Chunk);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean size: compact receipt {compact.Average(r => r.Length):N0} characters, full receipt {full.Average(r => r.Length):N0} bytes"));
        output.WriteLine();
        var receipts = compact.Select(CompactReceipt.Decode).ToList();
        var roots = receipts.Select(r => MerkleTree.RootFromInclusion(r!.Index, r.Size, r.LeafHash, r.Proof)!).ToList();
        var inputs = receipts.Select((r, i) => r!.Head(roots[i]).SigningInputBytes()).ToList();
        var steps = new (string Step, Action<int> Run)[]
        {
            ("decode the compact receipt (base64url, fields)", i => CompactReceipt.Decode(compact[i])),
            ("root from the 25-hash proof (SHA-256 x 25)", i => MerkleTree.RootFromInclusion(receipts[i]!.Index, receipts[i]!.Size, receipts[i]!.LeafHash, receipts[i]!.Proof)),
            ("rebuild the head's JWS (JSON, base64url)", i => receipts[i]!.Head(roots[i]).Jws()),
            ("ES256 signature check", i => key.VerifyData(inputs[i], receipts[i]!.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
            ("full receipt: read the JSON, hash the leaf, compare the consent", i => FullOnly(full[i])),
        };
        output.WriteLine("| step | CPU per receipt |");
        output.WriteLine("|---|--:|");
        foreach (var (step, run) in steps)
        {
            for (var i = 0; i < 256; i++)
                run(i);
            var start = ThreadCpu.Now();
            for (var i = 0; i < Chunk; i++)
                run(i);
            var cpu = ThreadCpu.Now() - start;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {cpu.Running.TotalMicroseconds / Chunk:F1} µs |"));
        }
    }

    /// <summary>What a full receipt adds to its compact receipt's checks.</summary>
    private static void FullOnly(byte[] json)
    {
        var full = FullReceipt.Read(json)!;
        var leaf = Base64Url.DecodeFromChars(full.Leaf);
        _ = MerkleTree.LeafHash(leaf);
        _ = ConsentAgreement.FirstDisagreement(full.Consent, FullReceipt.Deserialize<ReceiptLeaf>(leaf)!);
    }
}
