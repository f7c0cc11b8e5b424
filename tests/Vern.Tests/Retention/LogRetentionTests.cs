using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Features.Logs;
using Vern.Features.Retention;
using Vern.Infrastructure.Hosting;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>Log files are written only where configured, hold no personal value, and go when the definition's log rule (90 days) says.</summary>
public sealed class LogRetentionTests
{
    [Fact]
    public async Task The_log_file_has_the_sign_in_attempt_but_not_the_address_that_was_typed()
    {
        var directory = Directory.CreateTempSubdirectory("vern-logs-").FullName;
        // The test host replaces the log providers with its own capture; the file is added back as Vern adds it.
        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { [LogDirectory.Setting] = directory },
            configure: b => LogsFeature.AddLogFile(b.Logging, new LogDirectory(b.Configuration))))
        {
            using var client = app.CreateClient();
            await StaffSessions.PostFormAsync(client, "/admin/login", new() { ["Email"] = "kari.nordmann@example.no", ["Password"] = "not-a-password" });
        }

        var text = string.Concat(Directory.GetFiles(directory, "vern-*.log").Select(f => ReadShared(f)));
        Assert.Contains("Sign-in attempt for an unknown account", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kari.nordmann", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_log_directory_no_log_file_is_written_and_the_log_rule_has_nothing_to_do()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Null(app.Get<LogDirectory>().Path);
        await using var scope = app.CreateScope();
        Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<RetentionEngine>().DryRunAsync(CancellationToken.None))[("logs-90-days", "logs")]);
    }

    [Fact]
    public async Task A_days_log_file_is_deleted_on_the_day_90_days_after_it_and_no_other_file_is()
    {
        var directory = Directory.CreateTempSubdirectory("vern-logs-").FullName;
        string[] days = ["vern-20270110.log", "vern-20270110_001.log", "vern-20270111.log"];
        string[] others = ["vern-notes.log", "vern-20270110.log.gz", "other-20270101.log"];
        foreach (var file in days.Concat(others))
            await File.WriteAllTextAsync(Path.Combine(directory, file), "a line");
        // 10:00 in Oslo on 10 January 2027.
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { [LogDirectory.Setting] = directory },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));

        // 23:59 in Oslo on 9 April 2027, the last day before 10 January's 90 days are up.
        time.SetUtcNow(new DateTimeOffset(2027, 4, 9, 21, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        // Just after midnight in Oslo on 10 April 2027: both of 10 January's files, not 11 January's.
        time.SetUtcNow(new DateTimeOffset(2027, 4, 9, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(2, (await RunAsync(app))!.Disposed[("logs-90-days", "logs")]);
        time.SetUtcNow(new DateTimeOffset(2028, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("logs-90-days", "logs")]);

        Assert.Equal(others.Order(StringComparer.Ordinal), Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_day_a_log_file_written_by_the_sink_is_counted_from_is_the_Oslo_day_of_its_first_line()
    {
        var directory = Directory.CreateTempSubdirectory("vern-logs-").FullName;
        var before = TimeProvider.System.GetUtcNow();
        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { [LogDirectory.Setting] = directory },
            configure: b => LogsFeature.AddLogFile(b.Logging, new LogDirectory(b.Configuration))))
        {
            using var client = app.CreateClient();
            await StaffSessions.PostFormAsync(client, "/admin/login", new() { ["Email"] = "kari.nordmann@example.no", ["Password"] = "not-a-password" });
        }
        var after = TimeProvider.System.GetUtcNow();

        // The sink names the file by the server's local day; its first line says when it was begun, with its offset.
        var log = LogsIn(directory).List()[0];
        Assert.InRange(log.Started, before.AddMilliseconds(-1), after);
        Assert.Equal(OsloCalendar.DateOf(log.Started), log.Day);
    }

    [Fact]
    public async Task A_log_file_is_counted_from_its_first_line_in_Oslo_time_not_from_the_server_local_day_in_its_name()
    {
        var directory = Directory.CreateTempSubdirectory("vern-logs-").FullName;
        // A server in Tokyo begins its file of 11 January at midnight there: 16:00 on 10 January in Oslo.
        var tokyo = Path.Combine(directory, "vern-20270111.log");
        await File.WriteAllTextAsync(tokyo, "2027-01-11 00:00:02.000 +09:00 [INF] Vern.Hosting: Started\n");
        // A server in Los Angeles started on the evening of 10 January there: 01:30 on 11 January in Oslo.
        var losAngeles = Path.Combine(directory, "vern-20270110_001.log");
        await File.WriteAllTextAsync(losAngeles, "2027-01-10 16:30:00.000 -08:00 [INF] Vern.Hosting: Started\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { [LogDirectory.Setting] = directory },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));

        Assert.Equal([new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 11)], app.Get<LogDirectory>().List().Select(l => l.Day));
        // Just after midnight in Oslo on 10 April 2027, 90 days after 10 January: Tokyo's file, whose name says the 11th.
        time.SetUtcNow(new DateTimeOffset(2027, 4, 9, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("logs-90-days", "logs")]);
        Assert.False(File.Exists(tokyo));
        // Los Angeles' file, whose name says the 10th, goes a day later, not a day early.
        Assert.True(File.Exists(losAngeles));
        time.SetUtcNow(new DateTimeOffset(2027, 4, 10, 22, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("logs-90-days", "logs")]);
        Assert.False(File.Exists(losAngeles));
    }

    private static LogDirectory LogsIn(string path) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LogDirectory.Setting] = path }).Build());

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }
}
