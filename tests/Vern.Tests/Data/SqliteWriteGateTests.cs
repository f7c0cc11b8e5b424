using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Data;

/// <summary>
/// SQLite has one writer: writes that come in while another holds the database wait their turn in the process and are all
/// written once it is done, and a write ends its turn however it ends. How much sooner they are answered than when each
/// retried the locked file is measured by the retention benchmark (bench/README.md), not here.
/// </summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task Writes_that_come_in_during_a_long_write_are_all_written_after_it()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();

        var transaction = await db.Database.BeginTransactionAsync();
        var submissions = Enumerable.Range(0, 40).Select(i => client.PostAsJsonAsync("/api/v1/submissions",
            new { form = "contact", purpose = "customer-relationship", email = $"burst{i}@example.org", message = "Please call me." })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.All(submissions, s => Assert.False(s.IsCompleted));
        await transaction.CommitAsync();
        await transaction.DisposeAsync();

        var answers = await Task.WhenAll(submissions);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(40, await db.Submissions.CountAsync());
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Fact]
    public async Task A_write_ends_its_turn_whether_it_commits_rolls_back_or_is_dropped()
    {
        await using var app = await TestApp.StartAsync();
        // Far less than the 30 s a writer waits for its turn: a turn that never ended fails the test here.
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await using (await db.Database.BeginTransactionAsync(soon.Token))
                db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "system", "test.dropped"));
            await using (var rolledBack = await db.Database.BeginTransactionAsync(soon.Token))
                await rolledBack.RollbackAsync(soon.Token);
            db.ChangeTracker.Clear();
        }

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "system", "test.written"));
            await db.SaveChangesAsync(soon.Token);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "test.written", soon.Token));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "test.dropped", soon.Token));
        }
    }
}
