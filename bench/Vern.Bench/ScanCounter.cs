using Npgsql;

namespace Vern.Bench;

/// <summary>
/// PostgreSQL's own count of sequential scans per table (<c>pg_stat_user_tables</c>), read before and
/// after the measured requests: a table read end to end by a request shows up here even when it is
/// still small enough not to hurt the timings yet.
/// </summary>
internal static class ScanCounter
{
    public static async Task<Dictionary<string, (long Scans, long Rows, long Live)>> ReadAsync(string connectionString, CancellationToken ct)
    {
        // Backends report their counts when they finish a transaction, at most once a second, or on
        // closing: closing the pooled connections makes every count so far visible.
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT relname, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0), n_live_tup FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            counts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return counts;
    }

    /// <summary>The tables scanned between the two readings, as "table (rows in it): scans, rows read".</summary>
    public static List<string> Difference(Dictionary<string, (long Scans, long Rows, long Live)> before, Dictionary<string, (long Scans, long Rows, long Live)> after) =>
        [.. after
            .Select(a => (Table: a.Key, a.Value.Live, Scans: a.Value.Scans - before.GetValueOrDefault(a.Key).Scans, Rows: a.Value.Rows - before.GetValueOrDefault(a.Key).Rows))
            .Where(d => d.Scans > 0)
            .OrderByDescending(d => d.Rows)
            .Select(d => $"{d.Table} ({d.Live:N0} rows at the end): {d.Scans:N0} scans, {d.Rows:N0} rows read")];
}
