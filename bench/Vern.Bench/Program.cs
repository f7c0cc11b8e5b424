namespace Vern.Bench;

internal static class Program
{
    /// <summary>Exit codes: 0 measured, 1 a lookup returned the wrong person or a request did not do what it should, 2 bad usage or environment, 130 interrupted.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["startup", ..])
        {
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return await StartupBenchmark.RunAsync(runs: 3, stop.Token);
        }
        if (args is ["rights", .. var rightsArgs])
            return await RightsAsync(rightsArgs);
        if (args is ["retention", .. var retentionArgs])
            return await RetentionAsync(retentionArgs);
        if (args is ["receipts", .. var receiptArgs])
            return Receipts(receiptArgs);
        if (args is ["newsletter", .. var newsletterArgs])
            return await NewsletterAsync(newsletterArgs);
        if (args is ["statistics", .. var statisticsArgs])
            return await StatisticsAsync(statisticsArgs);
        if (args is not ["vault", .. var rest])
        {
            Console.Error.WriteLine(VaultOptions.Usage);
            Console.Error.WriteLine(RightsOptions.Usage);
            Console.Error.WriteLine(RetentionOptions.Usage);
            Console.Error.WriteLine(ReceiptOptions.Usage);
            Console.Error.WriteLine(NewsletterOptions.Usage);
            Console.Error.WriteLine(StatisticsOptions.Usage);
            return 2;
        }
        VaultOptions options;
        try
        {
            options = VaultOptions.Parse(rest);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(VaultOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var results = new List<VaultResult>();
        foreach (var provider in options.Providers)
        {
            try
            {
                results.Add(await VaultBenchmark.RunAsync(provider, options, cancel.Token));
            }
            catch (LookupMismatchException e)
            {
                Console.Error.WriteLine($"FAILED on {provider}: {e.Message}");
                return 1;
            }
            catch (BenchSetupException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The databases and the data directory were already removed on the way out.
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
        }
        ResultTable.Print(Console.Out, results);
        return 0;
    }

    private static async Task<int> RightsAsync(IReadOnlyList<string> args)
    {
        RightsOptions options;
        try
        {
            options = RightsOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(RightsOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var results = new List<RightsResult>();
        foreach (var provider in options.Providers)
        {
            try
            {
                results.Add(await RightsBenchmark.RunAsync(provider, options, cancel.Token));
            }
            catch (LookupMismatchException e)
            {
                Console.Error.WriteLine($"FAILED on {provider}: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is BenchSetupException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
            // Printed as each provider finishes, so a long run that fails later still leaves figures.
            RightsTable.Print(Console.Out, results);
        }
        return 0;
    }

    private static async Task<int> NewsletterAsync(IReadOnlyList<string> args)
    {
        NewsletterOptions options;
        try
        {
            options = NewsletterOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(NewsletterOptions.Usage);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var met = true;
        foreach (var provider in options.Providers)
        {
            try
            {
                var (before, vern, after, oneClick) = await NewsletterBenchmark.RunAsync(provider, options, cancel.Token);
                Console.WriteLine($"one-click unsubscribe: {oneClick} (p99 ceiling {NewsletterBenchmark.OneClickCeilingMs} ms)");
                if (before is null || vern is null || after is null)
                    continue;
                var ceiling = (before.PerSecond + after.PerSecond) / 2;
                var ratio = vern.PerSecond / ceiling;
                Console.WriteLine($"| {provider} | {vern.Messages:N0} | {before.PerSecond:N0} / {after.PerSecond:N0} | {vern.PerSecond:N0} | {ratio:P0} (≥ {NewsletterBenchmark.RatioFloor:P0}) | {vern.PeakRssBytes / 1048576.0:N0} MB (< {NewsletterBenchmark.MemoryCeiling / 1048576} MB) |");
                met &= ratio >= NewsletterBenchmark.RatioFloor && vern.PeakRssBytes < NewsletterBenchmark.MemoryCeiling;
            }
            catch (LookupMismatchException e)
            {
                Console.Error.WriteLine($"FAILED on {provider}: {e.Message}");
                return 1;
            }
            catch (BenchSetupException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
        }
        return met ? 0 : 1;
    }

    private static async Task<int> StatisticsAsync(IReadOnlyList<string> args)
    {
        StatisticsOptions options;
        try
        {
            options = StatisticsOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(StatisticsOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var results = new List<StatisticsResult>();
        foreach (var provider in options.Providers)
        {
            try
            {
                results.Add(await StatisticsBenchmark.RunAsync(provider, options, cancel.Token));
            }
            catch (LookupMismatchException e)
            {
                Console.Error.WriteLine($"FAILED on {provider}: {e.Message}");
                return 1;
            }
            catch (BenchSetupException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
            // Printed as each provider finishes, so a long run that fails later still leaves figures.
            StatisticsTable.Print(Console.Out, results);
        }
        return 0;
    }

    private static int Receipts(IReadOnlyList<string> args)
    {
        ReceiptOptions options;
        try
        {
            options = ReceiptOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(ReceiptOptions.Usage);
            return 2;
        }
        return ReceiptBenchmark.Run(options, Console.Out);
    }

    private static async Task<int> RetentionAsync(IReadOnlyList<string> args)
    {
        RetentionOptions options;
        try
        {
            options = RetentionOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(RetentionOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var results = new List<RetentionResult>();
        foreach (var provider in options.Providers)
        {
            try
            {
                results.Add(await RetentionBenchmark.RunAsync(provider, options, cancel.Token));
            }
            catch (LookupMismatchException e)
            {
                Console.Error.WriteLine($"FAILED on {provider}: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is BenchSetupException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
        }
        if (results.Count > 1)
            RetentionTable.Print(Console.Out, results);
        return 0;
    }
}
