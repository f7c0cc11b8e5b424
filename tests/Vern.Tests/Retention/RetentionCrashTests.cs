using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>
/// The retention run killed with SIGKILL part-way: no person is left half-deleted, and the next run the same
/// day takes the run over, finishes it, and disposes of nobody twice.
/// </summary>
public sealed class RetentionCrashTests
{
    private const int People = 120;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_run_killed_part_way_is_finished_by_the_next_with_nobody_half_deleted_or_disposed_of_twice(Provider provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var threeYearsAgo = TimeProvider.System.GetUtcNow().UtcDateTime.AddYears(-3);
            for (var i = 0; i < People; i++)
            {
                var subject = await vault.AddAsync(new PersonalDetails($"person{i}@example.com", $"Person {i}"));
                db.Submissions.Add(new Submission { Id = Guid.NewGuid(), SubjectId = subject.Id, Form = "contact", Purpose = "customer-relationship", SubmittedAt = threeYearsAgo });
            }
            await db.SaveChangesAsync();
        }
        string[] args = ["retention", "run", .. site.Args, "--Vern:WorkLease=00:00:02", "--Vern:Retention:BatchSize=20"];

        var killedAfter = 0;
        await using (var run = VernProcess.Start(args, site.Directory))
        await using (var app = await site.OpenAsync())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (killedAfter == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
                await using var scope = app.Services.CreateAsyncScope();
                killedAfter = await scope.ServiceProvider.GetRequiredService<AppDb>().RetentionDisposals.SumAsync(d => d.Count);
            }
        }
        Assert.InRange(killedAfter, 1, People - 1);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Null((await db.RetentionRuns.SingleAsync()).FinishedAt);
            await AssertNobodyHalfDeletedAsync(db, scope.ServiceProvider.GetRequiredService<SubjectVault>());
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var finished = await VernProcess.RunAsync(args, dataDirectory: site.Directory, timeout: TimeSpan.FromMinutes(5));
        Assert.True(finished.ExitCode == 0, finished.Error);

        await using (var app = await site.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var runRow = await db.RetentionRuns.SingleAsync();
            Assert.NotNull(runRow.FinishedAt);
            Assert.Equal(People, await db.RetentionDisposals.SumAsync(d => d.Count));
            Assert.Equal(0, await db.Submissions.CountAsync());
            // Each person forgotten exactly once.
            Assert.Equal(People, await db.ErasureLedger.CountAsync());
            Assert.Equal(People, await db.ErasureLedger.Select(e => e.SubjectId).Distinct().CountAsync());
            Assert.Equal(People, await db.Subjects.CountAsync(s => s.ShreddedAt != null));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "retention.run"));
        }
    }

    /// <summary>Everyone is either whole (their submission, their key, their details) or gone (none of them).</summary>
    private static async Task AssertNobodyHalfDeletedAsync(AppDb db, SubjectVault vault)
    {
        var people = await db.Subjects.AsNoTracking().Select(s => new { s.Id, s.ShreddedAt, Submitted = db.Submissions.Any(x => x.SubjectId == s.Id) }).ToListAsync();
        Assert.Equal(People, people.Count);
        foreach (var person in people)
        {
            var details = await vault.RevealAsync(person.Id);
            if (person.ShreddedAt is null)
                Assert.True(person.Submitted && details is not null, $"{person.Id} is not shredded but lost its submission or its key.");
            else
                Assert.True(!person.Submitted && details is null, $"{person.Id} is shredded but still has a submission or readable details.");
        }
    }
}
