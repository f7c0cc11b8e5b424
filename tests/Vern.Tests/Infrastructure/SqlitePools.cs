using Microsoft.Data.Sqlite;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Closes the pooled SQLite connections to the databases in one directory, so their write-ahead logs are
/// folded in and the files can be read, copied or deleted. Never <see cref="SqliteConnection.ClearAllPools"/>:
/// that also clears the pools of apps that tests running in parallel are using, and Microsoft.Data.Sqlite can
/// then dispose a connection another test is just opening.
/// </summary>
internal static class SqlitePools
{
    public static void Clear(string directory)
    {
        // Pools are keyed by the exact connection string: Vern opens vern.db without a pooling setting
        // and keys.db with one.
        foreach (var file in Directory.GetFiles(Path.GetFullPath(directory), "*.db"))
            foreach (var pooling in new bool?[] { null, true })
            {
                var builder = new SqliteConnectionStringBuilder { DataSource = file };
                if (pooling is { } on)
                    builder.Pooling = on;
                using var connection = new SqliteConnection(builder.ToString());
                SqliteConnection.ClearPool(connection);
            }
    }
}
