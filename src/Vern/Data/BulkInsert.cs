using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vern.Data;

/// <summary>
/// Multi-row INSERTs of one entity type, for the ledger writer, a campaign's queue and the statistics writer: its columns and conversions come
/// from EF's model, but without change tracking and one statement per row, which cost more than the rest of a decision
/// (and, queueing a campaign, a sixth of its send). Each statement size keeps its command, which the database prepares
/// once for its user's life.
/// </summary>
internal sealed class BulkInsert : IAsyncDisposable
{
    private readonly AppDb db;
    private readonly IReadOnlyList<IProperty> properties;
    private readonly ISqlGenerationHelper sql;
    private readonly string into;
    private readonly int rowsPerStatement;
    private readonly DbCommand?[] commands;
    private readonly string[] parameterNames;

    /// <param name="sqliteRowsPerStatement">
    /// On SQLite, a few rows per statement, not the whole batch: SQLite finds each bound parameter by a linear search
    /// of the statement's names (strncmp over the list), so the cost per row grows with the statement's size. At 16
    /// records (240 names) that search was 3 % of the server's CPU under load; at 4 it is a quarter of that. On
    /// PostgreSQL each statement is a round trip to the server instead, so the batch goes in one: at 4 rows a
    /// statement, inserting 32 records took 4.8 ms of a 12.3 ms commit, and 1.4 ms of 5.0 ms in one statement.
    /// </param>
    public BulkInsert(AppDb db, Type entityType, int sqliteRowsPerStatement)
    {
        this.db = db;
        var entity = db.Model.FindEntityType(entityType)!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        properties = [.. entity.GetProperties().Where(p => !NumberedByDatabase(p))];
        // PostgreSQL takes at most 65,535 parameters in a statement.
        rowsPerStatement = db.Database.IsSqlite() ? sqliteRowsPerStatement : Math.Min(1024, ushort.MaxValue / properties.Count);
        sql = db.GetService<ISqlGenerationHelper>();
        commands = new DbCommand?[rowsPerStatement + 1];
        parameterNames = [.. Enumerable.Range(0, rowsPerStatement * properties.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i}"))];
        into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";
    }

    /// <summary>An integer key that EF leaves to the database (autoincrement, identity): the insert leaves it out too.</summary>
    private static bool NumberedByDatabase(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && property.ClrType == typeof(long);

    public async Task InsertAsync<T>(DbTransaction transaction, IReadOnlyList<T> rows) where T : class
    {
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            var command = commands[chunk.Length] ??= Command(chunk.Length);
            command.Transaction = transaction;
            command.Parameters.Clear();
            for (var i = 0; i < chunk.Length * properties.Count; i++)
            {
                var property = properties[i % properties.Count];
                // The store type mapping converts values exactly as EF would (SQLite keeps Guids and instants as text).
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                    command, sql.GenerateParameterName(parameterNames[i]),
                    property.GetGetter().GetClrValue(chunk[i / properties.Count]), property.IsNullable));
            }
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private DbCommand Command(int rows)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        var text = new StringBuilder(into);
        for (var i = 0; i < rows * properties.Count; i++)
            text.Append(i == 0 ? "(" : i % properties.Count == 0 ? "), (" : ", ")
                .Append(sql.GenerateParameterNamePlaceholder(parameterNames[i]));
        command.CommandText = text.Append(')').ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands)
            if (command is not null)
                await command.DisposeAsync();
    }
}
