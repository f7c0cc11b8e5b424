using Npgsql;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server that test.sh starts. Each test app gets databases of its own, so tests
/// can run in parallel and leave nothing behind.
/// </summary>
internal static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("VERN_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("VERN_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a PostgreSQL server.");

    /// <param name="template">A database to copy instead of an empty one.</param>
    public static async Task<string> CreateDatabaseAsync(string prefix, string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        var copy = template is null ? "" : $" TEMPLATE \"{template}\"";
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
