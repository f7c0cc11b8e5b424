// DDL takes no parameters: the table names and bounds below are Vern's own, made from dates formatted invariantly.
#pragma warning disable EF1002
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// On PostgreSQL, raw events are partitioned by month (UTC): each month's partition is made two months ahead, so events
/// never wait for one, and retention drops a month whose every event is due as one table instead of deleting its rows
/// one by one. On SQLite there are no partitions and both are no-ops.
/// </summary>
internal sealed class AnalyticsPartitions(AppDb db, DatabaseSettings database, TimeProvider time)
{
    public const int MonthsAhead = 2;
    private const string Prefix = "AnalyticsEvents_";
    private const long PartitionLockKey = 0x5645524e_50415254; // "VERNPART"

    private bool Partitioned => database.Provider == DatabaseProvider.Postgres;

    /// <summary>
    /// Makes the partitions of this month and the next <see cref="MonthsAhead"/> that do not exist yet. Events a month
    /// without a partition received meanwhile (Vern was down for longer) are in the default partition: they are moved
    /// into the new one before it is attached, in one transaction.
    /// </summary>
    public async Task EnsureAheadAsync(CancellationToken ct)
    {
        if (!Partitioned)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        var month = new DateOnly(now.Year, now.Month, 1);
        for (var i = 0; i <= MonthsAhead; i++)
        {
            var (from, to, name) = (month.AddMonths(i), month.AddMonths(i + 1), Name(month.AddMonths(i)));
            if (await ExistsAsync(name, ct))
                continue;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Servers starting at once would race on the catalogue (PostgreSQL reports it as a duplicate type, table or
            // key, depending on who got how far): one makes the partition while the others wait, then find it made.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PartitionLockKey})", ct);
            if (await ExistsAsync(name, ct))
                continue;
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TABLE "{name}" (LIKE "AnalyticsEvents" INCLUDING DEFAULTS);
                WITH moved AS (DELETE FROM "AnalyticsEvents_default" WHERE "OccurredAt" >= '{Bound(from)}' AND "OccurredAt" < '{Bound(to)}' RETURNING *)
                    INSERT INTO "{name}" SELECT * FROM moved;
                ALTER TABLE "AnalyticsEvents" ATTACH PARTITION "{name}" FOR VALUES FROM ('{Bound(from)}') TO ('{Bound(to)}');
                """, ct);
            await transaction.CommitAsync(ct);
        }
    }

    // Reads pg_class with the statement's own snapshot: to_regclass would answer from this session's catalogue cache,
    // which does not yet know of a table another server committed while this one waited for the lock.
    private Task<bool> ExistsAsync(string name, CancellationToken ct) =>
        db.Database.SqlQuery<bool>(
            $"""SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = {name} AND relnamespace = current_schema()::regnamespace) AS "Value" """)
            .SingleAsync(ct);

    /// <summary>Drops the month partitions that end on or before <paramref name="before"/>; returns how many events they held.</summary>
    public async Task<int> DropEndedBeforeAsync(DateTime before, CancellationToken ct)
    {
        if (!Partitioned)
            return 0;
        var names = await db.Database.SqlQueryRaw<string>(
            """SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"AnalyticsEvents"'::regclass""")
            .ToListAsync(ct);
        var dropped = 0;
        foreach (var name in names)
        {
            if (!DateOnly.TryParseExact(name.Replace(Prefix, "", StringComparison.Ordinal), "yyyy_MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                || month.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) > before)
                continue;
            dropped += await db.Database.SqlQueryRaw<int>($"""SELECT count(*)::int AS "Value" FROM "{name}" """).SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync($"""DROP TABLE "{name}" """, ct);
        }
        return dropped;
    }

    public static string Name(DateOnly month) => Prefix + month.ToString("yyyy_MM", CultureInfo.InvariantCulture);

    private static string Bound(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";
}
