using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;

namespace Vern.Bench;

/// <summary>
/// Seeds subjects through the real vault, then finds and reveals random ones by e-mail the way a
/// request does: a DI scope of its own, a keyed-hash lookup, then a key-store read and decryption.
/// </summary>
internal static class VaultBenchmark
{
    public static async Task<VaultResult> RunAsync(BenchProvider provider, VaultOptions options, CancellationToken ct)
    {
        await using var databases = await BenchDatabases.CreateAsync(provider, ct);
        // Declared after the databases, so it is disposed (and lets go of its connections) before they are dropped.
        await using var app = BenchApp.Build(databases);
        var services = app.Services;

        Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);

        var seeding = await SubjectSeeder.SeedAsync(provider, services, options.Subjects, options.BatchSize, alongside: null, ct);
        await SubjectSeeder.VerifyCountsAsync(services, options.Subjects, ct);

        // The seeding garbage is collected now rather than during the measured lookups.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var random = new Random(options.Seed);
        Log(provider, $"warming up with {options.Warmup:N0} lookups");
        for (var i = 0; i < options.Warmup; i++)
            await LookupAsync(services, seeding.Ids, random.Next(options.Subjects), ct);

        Log(provider, $"measuring {options.Lookups:N0} lookups");
        var loadBefore = MachineLoad.OneMinute();
        var find = new long[options.Lookups];
        var findAndReveal = new long[options.Lookups];
        for (var i = 0; i < options.Lookups; i++)
            (find[i], findAndReveal[i]) = await LookupAsync(services, seeding.Ids, random.Next(options.Subjects), ct);
        var loadAfter = MachineLoad.OneMinute();

        return new VaultResult(provider, options.Subjects, options.BatchSize, seeding.Add, seeding.Save,
            Percentiles.FromTicks(find), Percentiles.FromTicks(findAndReveal), loadBefore, loadAfter);
    }

    /// <summary>One lookup; returns the elapsed ticks to the found id, and to the revealed details.</summary>
    private static async Task<(long Find, long FindAndReveal)> LookupAsync(IServiceProvider services, Guid[] ids, int n, CancellationToken ct)
    {
        var email = SyntheticPeople.Email(n);
        var started = Stopwatch.GetTimestamp();
        long found;
        Guid? id;
        PersonalDetails? details;
        await using (var scope = services.CreateAsyncScope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            id = await vault.FindByEmailAsync(email, ct);
            found = Stopwatch.GetTimestamp();
            details = id is { } subjectId ? await vault.RevealAsync(subjectId, ct) : null;
        }
        var revealed = Stopwatch.GetTimestamp();

        if (id != ids[n])
            throw new LookupMismatchException($"looking up subject #{n} found {id?.ToString() ?? "nobody"} instead of {ids[n]}.");
        if (details?.Email != email)
            throw new LookupMismatchException($"revealing subject #{n} ({ids[n]}) did not give back the address it was found by.");
        return (found - started, revealed - started);
    }

    private static void Log(BenchProvider provider, string message) => BenchApp.Log(provider, message);
}

/// <summary>A lookup returned the wrong person, or none: the figures would mean nothing.</summary>
internal sealed class LookupMismatchException(string message) : Exception(message);
