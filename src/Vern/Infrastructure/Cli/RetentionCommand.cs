using System.CommandLine;
using Vern.Features.Retention;

namespace Vern.Infrastructure.Cli;

/// <summary>Today's retention run on demand, or what it would do, for an operator who will not wait for the hourly check.</summary>
internal static class RetentionCommand
{
    public static Command Create()
    {
        var run = new Command("run", "Carry out today's retention run now, unless it already ran or another server is running it.");
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync([.. result.UnmatchedTokens], migrate: true, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(ct);
            if (outcome is null)
            {
                Console.WriteLine("Today's retention run has finished already, or another process is running it.");
                return 0;
            }
            Print(outcome.Disposed, "disposed of");
            return 0;
        }));

        var dryRun = new Command("dry-run", "Show what today's retention run would dispose of, per rule and feature, without changing anything.");
        dryRun.TreatUnmatchedTokensAsErrors = false;
        dryRun.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync([.. result.UnmatchedTokens], migrate: true, ct);
            await using var scope = app.Services.CreateAsyncScope();
            Print(await scope.ServiceProvider.GetRequiredService<RetentionEngine>().DryRunAsync(ct), "due");
            Console.WriteLine($"Counts stop at {RetentionEngine.DryRunLimit:N0} per rule and feature.");
            return 0;
        }));
        return new Command("retention", "Carry out the definition's retention rules.") { run, dryRun };
    }

    private static void Print(IReadOnlyDictionary<(string Rule, string Source), int> counts, string verb)
    {
        foreach (var ((rule, source), count) in counts.OrderBy(c => c.Key))
            Console.WriteLine($"{rule} ({source}): {count} {verb}");
        Console.WriteLine($"{counts.Values.Sum()} records {verb} in all.");
    }
}
