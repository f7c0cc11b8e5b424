using Microsoft.Extensions.Configuration;
using Npgsql;
using Vern.Features.Analytics;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>
/// Collection answers 202 without the database; the writer keeps what it could not write and tries again on its own,
/// so events accepted while the database was away are stored once it is back, though no other event follows them.
/// </summary>
public sealed class DatabaseAwayTests
{
    [Fact]
    public async Task Events_accepted_while_the_database_is_away_are_stored_when_it_is_back()
    {
        await using var app = await TestApp.StartAsync(Provider.Postgres);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(new Uri(app.BaseAddress, "/before"))]);
        Assert.Single(await AnalyticsApi.StoredAsync(app, atLeast: 1));

        var database = new NpgsqlConnectionStringBuilder(app.Get<IConfiguration>().GetConnectionString("Vern")).Database!;
        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        var away = await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(new Uri(app.BaseAddress, "/while-away"))]);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, away.StatusCode);
        // Long enough for the writer to have tried and failed.
        await Task.Delay(AnalyticsWriter.Gather * 4);
        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");

        var stored = await AnalyticsApi.StoredAsync(app, atLeast: 2);
        Assert.Equal(["/before", "/while-away"], stored.Select(e => e.Path));
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
