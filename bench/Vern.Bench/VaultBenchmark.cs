using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
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
        await using var app = BuildApp(databases);
        var services = app.Services;

        Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);

        var seeding = await SeedAsync(provider, services, options, ct);
        await VerifyCountsAsync(services, options.Subjects, ct);

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

    private static WebApplication BuildApp(BenchDatabases databases)
    {
        var settings = new Dictionary<string, string>(databases.Settings)
        {
            // The vault logs every subject it adds; 100,000 console lines would be measured too.
            ["Logging:LogLevel:Default"] = "Warning",
            // EF checks a fresh PostgreSQL database for its migrations table by failing a query and logs
            // that as an error; real failures still surface as exceptions that stop the run.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
            // A master key of the run's own, so no key file is generated (and warned about) in the temp directory.
            ["Vern:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKey.Size)),
        };
        return Vern.Program.BuildWebApp([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]);
    }

    private static async Task<Seeding> SeedAsync(BenchProvider provider, IServiceProvider services, VaultOptions options, CancellationToken ct)
    {
        var ids = new Guid[options.Subjects];
        TimeSpan add = default, save = default;
        var reportEvery = Math.Max(options.Subjects / 10, 1);
        Log(provider, $"seeding {options.Subjects:N0} subjects, {options.BatchSize:N0} per SaveChanges");
        for (var first = 0; first < options.Subjects; first += options.BatchSize)
        {
            var end = Math.Min(options.Subjects, first + options.BatchSize);
            // A scope per batch, as a bulk import would do: the change tracker never grows past one batch.
            await using var scope = services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();

            // AddAsync writes the data key to the key store at once; SaveChanges writes the subjects.
            var started = Stopwatch.GetTimestamp();
            for (var n = first; n < end; n++)
                ids[n] = (await vault.AddAsync(SyntheticPeople.Details(n), ct)).Id;
            var added = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync(ct);
            add += Stopwatch.GetElapsedTime(started, added);
            save += Stopwatch.GetElapsedTime(added);

            if (end / reportEvery != first / reportEvery || end == options.Subjects)
                Log(provider, $"  {end:N0} seeded, {end / (add + save).TotalSeconds:N0} subjects/s so far");
        }
        return new Seeding(ids, add, save);
    }

    private static async Task VerifyCountsAsync(IServiceProvider services, int expected, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var subjects = await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.CountAsync(ct);
        // One data key per subject, plus the lookup key of the keyed hash.
        var keys = await services.GetRequiredService<KeyStore>().CountAsync(ct);
        if (subjects != expected || keys != expected + 1)
            throw new LookupMismatchException($"expected {expected:N0} subjects and {expected + 1:N0} keys after seeding, found {subjects:N0} and {keys:N0}.");
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

    private static void Log(BenchProvider provider, string message) => Console.WriteLine($"[{provider}] {message}");

    private sealed record Seeding(Guid[] Ids, TimeSpan Add, TimeSpan Save);
}

/// <summary>A lookup returned the wrong person, or none: the figures would mean nothing.</summary>
internal sealed class LookupMismatchException(string message) : Exception(message);
