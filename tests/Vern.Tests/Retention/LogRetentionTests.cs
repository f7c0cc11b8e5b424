using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Features.Logs;
using Vern.Features.Retention;
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
