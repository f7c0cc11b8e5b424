using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Data;

/// <summary>
/// The ledger, the statistics writer and a campaign's queue insert without EF's change tracking; on SQLite each value is
/// bound by Vern, not by Microsoft.Data.Sqlite. A row written that way must be stored exactly as EF stores the same row
/// (type and text of every column), or queries that compare dates or ids as text would miss it.
/// </summary>
public sealed class BulkInsertTests
{
    private static readonly DateTime Instant = new(2026, 12, 8, 9, 30, 15, DateTimeKind.Utc);

    public static TheoryData<string> Entities => new() { nameof(ConsentRecord), nameof(ConsentLogNode), nameof(ConsentTreeHead), nameof(AnalyticsEvent) };

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task A_row_inserted_in_bulk_on_SQLite_is_stored_exactly_as_EF_stores_it(string entity)
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // Twice each: with its optional values set, and without them. (Statistics events are numbered by the database:
        // after EF's rows 1 and 2, the bulk rows are 3 and 4.)
        var byEf = new[] { Row(entity, 1, full: true), Row(entity, 2, full: false) };
        var inBulk = new[] { Row(entity, 3, full: true), Row(entity, 4, full: false) };

        db.AddRange(byEf);
        await db.SaveChangesAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var insert = new BulkInsert(db, byEf[0].GetType());
            await insert.InsertAsync(transaction.GetDbTransaction(), inBulk);
            await transaction.CommitAsync();
        }

        var type = db.Model.FindEntityType(byEf[0].GetType())!;
        Assert.Equal(await StoredAsync(db, type, 1), await StoredAsync(db, type, 3));
        Assert.Equal(await StoredAsync(db, type, 2), await StoredAsync(db, type, 4));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_bulk_insert_that_skips_existing_rows_adds_the_new_ones_and_leaves_the_stored_ones(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var day = new DateOnly(2026, 12, 8);
        db.AnalyticsVisitorDays.Add(new AnalyticsVisitorDay { Visitor = "v1", Day = day });
        await db.SaveChangesAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var insert = new BulkInsert(db, typeof(AnalyticsVisitorDay), skipExisting: true);
            await insert.InsertAsync(transaction.GetDbTransaction(), [new AnalyticsVisitorDay { Visitor = "v1", Day = day }, new AnalyticsVisitorDay { Visitor = "v2", Day = day }]);
            await transaction.CommitAsync();
        }

        // Found by a query that compares the day, so stored as EF stores a date.
        Assert.Equal(["v1", "v2"], await db.AnalyticsVisitorDays.AsNoTracking().Where(d => d.Day == day).Select(d => d.Visitor).OrderBy(v => v).ToListAsync());
    }

    private static Guid RecordId(int n) => new(n, 0x2a, 0x3b, 0xc4, 0xd5, 0xe6, 0xf7, 0x08, 0x19, 0xaa, 0xbb);

    /// <summary>A row whose key (and unique columns) come from <paramref name="n"/> and whose other values do not.</summary>
    private static object Row(string entity, int n, bool full) => entity switch
    {
        nameof(ConsentRecord) => new ConsentRecord
        {
            Id = RecordId(n),
            Sequence = n,
            RecordedAt = full ? Instant.AddTicks(1234567) : Instant,
            VisitorId = "vis_abc",
            VisitorLookup = [1, 2, 3, 250],
            Revision = 7,
            Language = "nb",
            Action = full ? ConsentAction.Custom : ConsentAction.AcceptAll,
            Categories = """{"analytics":true}""",
            Gpc = full,
            TextHash = "sha256:ab",
            PolicyVersion = full ? 3 : null,
            PreviousHash = "p",
            Hash = "h",
        },
        nameof(ConsentLogNode) => new ConsentLogNode { Level = full ? 1 : 0, Index = n, Hash = [0, 255, 7] },
        nameof(ConsentTreeHead) => new ConsentTreeHead { Size = n, FirstSequence = 12, Root = [9, 8], SignedAt = Instant.AddMilliseconds(5), KeyId = "k1", Signature = [1] },
        _ => new AnalyticsEvent
        {
            Id = n,
            Site = "shop.example.com",
            OccurredAt = full ? Instant.AddTicks(10) : Instant,
            Kind = full ? AnalyticsEventKind.Custom : AnalyticsEventKind.PageView,
            Visitor = "v1",
            Cookieless = !full,
            Path = "/pricing",
            ReferrerHost = full ? "news.example.org" : null,
            UtmCampaign = full ? "winter æøå" : null,
            Screen = ScreenClass.Large,
            Browser = "Firefox",
            BrowserVersion = full ? 133 : null,
            Device = DeviceClass.Phone,
            EngagedMs = full ? 4_000 : null,
            Name = full ? "signup" : null,
            Props = full ? """{"plan":"pro"}""" : null,
        },
    };

    /// <summary>
    /// Every column but the key's, as SQLite's quote() gives it: its storage type and exact text. A ledger record saved
    /// through EF is chained and stamped as it is saved, so those columns are not the ones given; its id, found as
    /// text, shows how both store an id.
    /// </summary>
    private static async Task<List<string>> StoredAsync(AppDb db, IEntityType type, int n)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!);
        var key = type.FindPrimaryKey()!.Properties[^1];
        var columns = type.GetProperties().Where(p => !p.IsPrimaryKey() && !(type.ClrType == typeof(ConsentRecord) && p.Name is nameof(ConsentRecord.Sequence) or nameof(ConsentRecord.RecordedAt) or nameof(ConsentRecord.Hash) or nameof(ConsentRecord.PreviousHash)))
            .Select(p => $"quote(\"{p.GetColumnName(table)}\")");
        var keyValue = key.ClrType == typeof(Guid) ? $"'{RecordId(n).ToString().ToUpperInvariant()}'" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM \"{table.Name}\" WHERE \"{key.GetColumnName(table)}\" = {keyValue}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No {type.ClrType.Name} row {n}.");
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)} = {reader.GetString(i)}")];
    }
}
