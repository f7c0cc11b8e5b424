using System.Globalization;

namespace Vern.Bench;

internal enum BenchProvider { Sqlite, Postgres }

/// <summary>The command line of the <c>vault</c> benchmark.</summary>
internal sealed record VaultOptions(
    IReadOnlyList<BenchProvider> Providers,
    int Subjects,
    int Lookups,
    int Warmup,
    int BatchSize,
    int Seed)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- vault [options]

          --provider sqlite|postgres|both   which database to measure (default: sqlite)
          --subjects N                      subjects to seed (default: 100000)
          --lookups N                       measured lookups (default: 5000)
          --warmup N                        unmeasured lookups first (default: 500)
          --batch N                         subjects per SaveChanges while seeding (default: 1000)
          --seed N                          random seed for the lookup order (default: 42)

        PostgreSQL needs VERN_BENCH_POSTGRES, a connection string to a server where the user may
        create databases, e.g. "Host=127.0.0.1;Port=55499;Username=postgres".
        """;

    /// <summary>Parses the options after the verb; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static VaultOptions Parse(IReadOnlyList<string> args)
    {
        var options = new VaultOptions([BenchProvider.Sqlite], Subjects: 100_000, Lookups: 5_000, Warmup: 500, BatchSize: 1_000, Seed: 42);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--provider" => options with { Providers = ParseProviders(value) },
                "--subjects" => options with { Subjects = Positive(name, value) },
                "--lookups" => options with { Lookups = Positive(name, value) },
                "--warmup" => options with { Warmup = NonNegative(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--seed" => options with { Seed = NonNegative(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }

    internal static BenchProvider[] ParseProviders(string value) => value.ToUpperInvariant() switch
    {
        "SQLITE" => [BenchProvider.Sqlite],
        "POSTGRES" => [BenchProvider.Postgres],
        "BOTH" => [BenchProvider.Sqlite, BenchProvider.Postgres],
        _ => throw new ArgumentException($"--provider must be sqlite, postgres or both, not '{value}'."),
    };

    internal static int Positive(string name, string value) =>
        NonNegative(name, value) is > 0 and var n ? n : throw new ArgumentException($"{name} must be at least 1.");

    internal static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} must be a whole number, not '{value}'.");
}

/// <summary>The command line of the <c>rights</c> benchmark.</summary>
internal sealed record RightsOptions(
    IReadOnlyList<BenchProvider> Providers,
    int Subjects,
    int ConsentRecords,
    int Operations,
    int Warmup,
    int BatchSize,
    int Seed)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- rights [options]

          --provider sqlite|postgres|both   which database to measure (default: sqlite)
          --subjects N                      subjects to seed (default: 100000)
          --consent-records N               consent decisions to seed (default: 2000000)
          --operations N                    measured access requests, and as many erasures (default: 200)
          --warmup N                        unmeasured requests of each kind first (default: 20)
          --batch N                         subjects per SaveChanges while seeding (default: 1000)
          --seed N                          random seed for the data and the people chosen (default: 42)
        """;

    public static RightsOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RightsOptions([BenchProvider.Sqlite], Subjects: 100_000, ConsentRecords: 2_000_000, Operations: 200, Warmup: 20, BatchSize: 1_000, Seed: 42);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--provider" => options with { Providers = VaultOptions.ParseProviders(value) },
                "--subjects" => options with { Subjects = VaultOptions.Positive(name, value) },
                "--consent-records" => options with { ConsentRecords = VaultOptions.NonNegative(name, value) },
                "--operations" => options with { Operations = VaultOptions.Positive(name, value) },
                "--warmup" => options with { Warmup = VaultOptions.NonNegative(name, value) },
                "--batch" => options with { BatchSize = VaultOptions.Positive(name, value) },
                "--seed" => options with { Seed = VaultOptions.NonNegative(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }
}

/// <summary>The command line of the <c>retention</c> benchmark.</summary>
internal sealed record RetentionOptions(
    IReadOnlyList<BenchProvider> Providers,
    int Subjects,
    int ConsentRecords,
    int Rate,
    int Baseline,
    int? BatchSize,
    int Seed)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- retention [options]

          --provider sqlite|postgres|both   which database to measure (default: sqlite)
          --subjects N                      people to seed, 1 in 100 due (default: 1000000)
          --consent-records N               consent decisions to seed, the oldest 1 in 100 due (default: 20000000)
          --rate N                          requests per second to each endpoint, open loop (default: 50)
          --baseline N                      seconds of load measured before the run starts (default: 60)
          --batch N                         Vern:Retention:BatchSize (default: the app's)
          --seed N                          random seed for the data (default: 42)
        """;

    public static RetentionOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RetentionOptions([BenchProvider.Sqlite], Subjects: 1_000_000, ConsentRecords: 20_000_000, Rate: 50, Baseline: 60, BatchSize: null, Seed: 42);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--provider" => options with { Providers = VaultOptions.ParseProviders(value) },
                "--subjects" => options with { Subjects = VaultOptions.Positive(name, value) },
                "--consent-records" => options with { ConsentRecords = VaultOptions.Positive(name, value) },
                "--rate" => options with { Rate = VaultOptions.Positive(name, value) },
                "--baseline" => options with { Baseline = VaultOptions.Positive(name, value) },
                "--batch" => options with { BatchSize = VaultOptions.Positive(name, value) },
                "--seed" => options with { Seed = VaultOptions.NonNegative(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }
}

/// <summary>The command line of the <c>statistics</c> benchmark.</summary>
internal sealed record StatisticsOptions(
    IReadOnlyList<BenchProvider> Providers,
    int Events,
    int Views,
    int Warmup,
    int Seed)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- statistics [options]

          --provider sqlite|postgres|both   which database to measure (default: sqlite)
          --events N                        raw events to seed over 395 days and today (default: 10000000)
          --views N                         measured dashboard views, each the range and the period before it (default: 600)
          --warmup N                        unmeasured views first (default: 24)
          --seed N                          random seed for the events and the ranges (default: 42)
        """;

    public static StatisticsOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StatisticsOptions([BenchProvider.Sqlite], Events: 10_000_000, Views: 600, Warmup: 24, Seed: 42);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--provider" => options with { Providers = VaultOptions.ParseProviders(value) },
                "--events" => options with { Events = VaultOptions.Positive(name, value) },
                "--views" => options with { Views = VaultOptions.Positive(name, value) },
                "--warmup" => options with { Warmup = VaultOptions.NonNegative(name, value) },
                "--seed" => options with { Seed = VaultOptions.NonNegative(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        // Every range length must be measured, both ending today and before it.
        if (options.Views < 2 * StatisticsBenchmark.RangeLengths.Length)
            throw new ArgumentException($"--views must be at least {2 * StatisticsBenchmark.RangeLengths.Length}.");
        return options;
    }
}
