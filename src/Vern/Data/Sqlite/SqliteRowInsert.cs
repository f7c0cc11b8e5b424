using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace Vern.Data.Sqlite;

/// <summary>
/// One row's INSERT, prepared once and bound by position, for <see cref="BulkInsert"/> on SQLite. Microsoft.Data.Sqlite
/// finds each parameter by its name, converting the name to UTF-8 and walking the statement's names for every value:
/// that was a third of the statistics writer's inserting (bench/README.md, analytics). Values are converted by EF's
/// value converters and stored as Microsoft.Data.Sqlite stores them (a test compares the rows with EF's own).
/// </summary>
internal sealed class SqliteRowInsert : IDisposable
{
    // Microsoft.Data.Sqlite's text for a DateTime, which EF's SQLite queries compare as text.
    private const string DateTimeText = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DateText = @"yyyy\-MM\-dd";

    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly (IClrPropertyGetter Getter, ValueConverter? Converter)[] columns;

    public SqliteRowInsert(SqliteConnection connection, string into, string then, IReadOnlyList<IProperty> properties)
    {
        columns = [.. properties.Select(p => (p.GetGetter(), p.GetTypeMapping().Converter))];
        database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var placeholders = string.Join(", ", Enumerable.Range(1, properties.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"?{i}")));
        var rc = raw.sqlite3_prepare_v2(database, $"{into}({placeholders}){then}", out statement);
        SqliteException.ThrowExceptionForRC(rc, database);
    }

    /// <summary>Whether the statement was prepared on the connection's present handle (a closed connection reopens on another).</summary>
    public bool PreparedOn(SqliteConnection connection) => ReferenceEquals(connection.Handle, database);

    public void Insert(object row)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var (getter, converter) = columns[i];
            var value = getter.GetClrValue(row);
            Bind(i + 1, value is null || converter is null ? value : converter.ConvertToProvider(value));
        }
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, database);
    }

    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text(statement, index, text),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            byte or short or int or long => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            double number => raw.sqlite3_bind_double(statement, index, number),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            DateTime instant => raw.sqlite3_bind_text(statement, index, instant.ToString(DateTimeText, CultureInfo.InvariantCulture)),
            DateOnly day => raw.sqlite3_bind_text(statement, index, day.ToString(DateText, CultureInfo.InvariantCulture)),
            Guid id => raw.sqlite3_bind_text(statement, index, id.ToString().ToUpperInvariant()),
            _ => throw new NotSupportedException($"Bulk inserts on SQLite do not store values of type {value.GetType().Name}."),
        };
        SqliteException.ThrowExceptionForRC(rc, database);
    }

    public void Dispose() => statement.Dispose();
}
