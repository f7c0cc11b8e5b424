using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Data;

/// <summary>
/// The main SQLite database writes ahead, so readers and writers do not wait for each other, and
/// still flushes each commit before answering; the key store keeps its rollback journal.
/// </summary>
public sealed class WriteAheadLogTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_main_database_writes_ahead_with_full_sync_its_log_is_owner_only_and_the_key_store_keeps_its_journal()
    {
        await using var app = await TestApp.StartAsync();
        await TestSubjects.AddAsync(app, TestSubjects.Ada);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await db.Database.OpenConnectionAsync();
            Assert.Equal("wal", await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA journal_mode"));
            // 2 is FULL: in WAL mode, the log is flushed to disk at every commit.
            Assert.Equal(2L, await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA synchronous"));
        }

        // Written while Vern runs, so they hold what the database holds.
        foreach (var sidecar in new[] { "vern.db-wal", "vern.db-shm" })
        {
            var path = Path.Combine(app.DataDirectory, sidecar);
            Assert.True(File.Exists(path), $"{sidecar} is missing.");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // Destroyed keys must leave no copy behind, which a log of old pages would keep.
        await using var keys = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(app.DataDirectory, "keys.db"), Pooling = false }.ToString());
        await keys.OpenAsync();
        Assert.Equal("delete", await ScalarAsync(keys, "PRAGMA journal_mode"));
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "keys.db-wal")));
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
