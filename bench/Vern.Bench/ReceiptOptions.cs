namespace Vern.Bench;

/// <summary>The command line of the <c>receipts</c> benchmark.</summary>
internal sealed record ReceiptOptions(int Receipts, int TreeSize, IReadOnlyList<int> PerHead, int Seed)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- receipts [options]

          --receipts N       receipts verified per run (default: 100000)
          --tree N           size of the tree every head signs, above 2^24 so proofs have 25 hashes (default: 20000000)
          --per-head N,M     runs with N, then M, receipts sharing one signed head (1 to 64; default: 1,64)
          --seed N           random seed for the synthetic tree (default: 42)
        """;

    /// <summary>Receipts of one head are leaves of one aligned block of this many records.</summary>
    public const int Block = 64;

    public static ReceiptOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ReceiptOptions(Receipts: 100_000, TreeSize: 20_000_000, PerHead: [1, Block], Seed: 42);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--receipts" => options with { Receipts = VaultOptions.Positive(name, value) },
                "--tree" => options with { TreeSize = VaultOptions.Positive(name, value) is > 1 << 24 and var n ? n : throw new ArgumentException("--tree must be above 16777216 (2^24).") },
                "--per-head" => options with { PerHead = [.. value.Split(',').Select(v => VaultOptions.Positive(name, v) is <= Block and var n ? n : throw new ArgumentException($"--per-head takes 1 to {Block}."))] },
                "--seed" => options with { Seed = VaultOptions.NonNegative(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }
}
