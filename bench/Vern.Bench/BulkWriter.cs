using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Vern.Data;

namespace Vern.Bench;

/// <summary>
/// Writes rows of one entity straight into its table, bypassing the change tracker (millions of rows through
/// it would take hours): SQLite with one prepared single-row INSERT in one transaction per call, PostgreSQL
/// with one binary COPY per call. Columns and values come from EF's model and type mappings, so the stored
/// values are what EF writes. The caller opens the context's connection.
/// </summary>
internal sealed class BulkWriter<T>(AppDb db, BenchProvider provider) where T : class
{
    private readonly StoreObjectIdentifier table = StoreObjectIdentifier.Table(db.Model.FindEntityType(typeof(T))!.GetTableName()!, db.Model.FindEntityType(typeof(T))!.GetSchema());
    private readonly List<IProperty> properties = [.. db.Model.FindEntityType(typeof(T))!.GetProperties()];
    private readonly ISqlGenerationHelper sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>
    /// Drops the table's secondary indexes for a bulk load and returns what builds them again, from their own
    /// definitions: one sorted build instead of millions of inserts into random pages of an index (the visitor
    /// lookup's) larger than any cache. The schema afterwards is the migrations'. Also lifts SQLite's durability
    /// and cache limits on this connection for the load; the caller clears the pool afterwards.
    /// </summary>
    public async Task<Func<Task>> WithoutIndexesAsync()
    {
        var connection = db.Database.GetDbConnection();
        var indexes = new List<(string Name, string Definition)>();
        await using (var select = connection.CreateCommand())
        {
#pragma warning disable CA2100 // The table's name comes from EF's model, not from input.
            select.CommandText = provider == BenchProvider.Sqlite
                ? $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table.Name}' AND sql IS NOT NULL"
                : $"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{table.Name}' AND indexname NOT IN (SELECT conname FROM pg_constraint)";
#pragma warning restore CA2100
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        await ExecuteAsync(connection, provider == BenchProvider.Sqlite ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;" : "SELECT 1");
        foreach (var (name, _) in indexes)
            await ExecuteAsync(connection, $"DROP INDEX {sql.DelimitIdentifier(name)}");
        // A partitioned table's index reads "ON ONLY" the parent (as pg_dump builds it, partition by partition); built
        // on the parent without it, it is built on every partition too, as the migration made it.
        return async () =>
        {
            foreach (var (_, definition) in indexes)
                await ExecuteAsync(connection, definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal));
        };
    }

    private static async Task ExecuteAsync(DbConnection connection, string text)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Index definitions read from the database itself, and constant pragmas.
        command.CommandText = text;
#pragma warning restore CA2100
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    public Task InsertAsync(IReadOnlyList<T> rows) => rows.Count == 0 ? Task.CompletedTask
        : provider == BenchProvider.Sqlite ? SqliteAsync(rows) : PostgresAsync(rows);

    private string Columns => string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));

    private static object? ProviderValue(IProperty property, T row)
    {
        var value = property.GetGetter().GetClrValue(row);
        return value is not null && property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private async Task SqliteAsync(IReadOnlyList<T> rows)
    {
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({Columns}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}")))})";
        var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
        var parameters = new DbParameter[properties.Count];
        for (var i = 0; i < properties.Count; i++)
            command.Parameters.Add(parameters[i] = mappings[i].CreateParameter(command, sql.GenerateParameterName($"p{i}"), properties[i].GetGetter().GetClrValue(rows[0]), properties[i].IsNullable));
        await command.PrepareAsync();
        foreach (var row in rows)
        {
            for (var i = 0; i < properties.Count; i++)
                parameters[i].Value = ProviderValue(properties[i], row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private async Task PostgresAsync(IReadOnlyList<T> rows)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var property in properties)
            {
                await (ProviderValue(property, row) switch
                {
                    null => importer.WriteNullAsync(),
                    Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid),
                    long l => importer.WriteAsync(l, NpgsqlDbType.Bigint),
                    int n => importer.WriteAsync(n, NpgsqlDbType.Integer),
                    bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean),
                    DateTime d => importer.WriteAsync(d, NpgsqlDbType.TimestampTz),
                    string s => importer.WriteAsync(s, NpgsqlDbType.Varchar),
                    byte[] bytes => importer.WriteAsync(bytes, NpgsqlDbType.Bytea),
                    var other => throw new InvalidOperationException($"No COPY type for {property.Name} ({other.GetType()})."),
                });
            }
        }
        await importer.CompleteAsync();
    }
}
