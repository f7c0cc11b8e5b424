namespace Vern.Bench;

internal static class Program
{
    /// <summary>Exit codes: 0 measured, 1 a lookup returned the wrong person, 2 bad usage or environment, 130 interrupted.</summary>
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
        if (args is not ["vault", .. var rest])
        {
            Console.Error.WriteLine(VaultOptions.Usage);
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
}
