using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>
/// Seeds synthetic people through the real <see cref="SubjectVault"/>, a batch per DI scope and
/// <c>SaveChanges</c>, as a bulk import would: the change tracker never grows past one batch.
/// </summary>
internal static class SubjectSeeder
{
    /// <summary>
    /// Adds <paramref name="count"/> subjects; <paramref name="alongside"/>, if given, adds what else
    /// belongs to subject n (submissions, identifiers) in the same scope, saved with the batch.
    /// Its time is counted as adding.
    /// </summary>
    public static async Task<Seeding> SeedAsync(
        BenchProvider provider, IServiceProvider services, int count, int batchSize,
        Func<IServiceProvider, int, Subject, CancellationToken, Task>? alongside, CancellationToken ct)
    {
        var ids = new Guid[count];
        TimeSpan add = default, save = default;
        var reportEvery = Math.Max(count / 10, 1);
        BenchApp.Log(provider, $"seeding {count:N0} subjects, {batchSize:N0} per SaveChanges");
        for (var first = 0; first < count; first += batchSize)
        {
            var end = Math.Min(count, first + batchSize);
            await using var scope = services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();

            // AddAsync writes the data key to the key store at once; SaveChanges writes the subjects.
            var started = Stopwatch.GetTimestamp();
            for (var n = first; n < end; n++)
            {
                var subject = await vault.AddAsync(SyntheticPeople.Details(n), ct);
                ids[n] = subject.Id;
                if (alongside is not null)
                    await alongside(scope.ServiceProvider, n, subject, ct);
            }
            var added = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync(ct);
            add += Stopwatch.GetElapsedTime(started, added);
            save += Stopwatch.GetElapsedTime(added);

            if (end / reportEvery != first / reportEvery || end == count)
                BenchApp.Log(provider, $"  {end:N0} seeded, {end / (add + save).TotalSeconds:N0} subjects/s so far");
        }
        return new Seeding(ids, add, save);
    }

    /// <summary>Checks the main database holds the subjects and the key store one key each, plus the lookup key.</summary>
    public static async Task VerifyCountsAsync(IServiceProvider services, int expected, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var subjects = await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.CountAsync(ct);
        var keys = await services.GetRequiredService<KeyStore>().CountAsync(ct);
        if (subjects != expected || keys != expected + 1)
            throw new LookupMismatchException($"expected {expected:N0} subjects and {expected + 1:N0} keys after seeding, found {subjects:N0} and {keys:N0}.");
    }
}

internal sealed record Seeding(Guid[] Ids, TimeSpan Add, TimeSpan Save);
