using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// The number of rows in every table of the main database and of the key store: what a database
/// administrator sees change when a request comes in, whatever the request said.
/// </summary>
internal static class RowCounts
{
    public static async Task<Dictionary<string, long>> TakeAsync(TestApp app)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = sqlite
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    tables.Add(reader.GetString(0));
            }
            foreach (var table in tables)
                counts[table] = await CountAsync(connection, table);
        }
        counts["key store"] = await app.Get<KeyStore>().CountAsync();
        return counts;
    }

    /// <summary>How many rows each table gained (or lost) between two counts; tables that did not change are left out.</summary>
    public static SortedDictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        new(after.Where(kv => kv.Value != before.GetValueOrDefault(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
