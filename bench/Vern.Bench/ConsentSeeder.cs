using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>
/// Writes the planned consent decisions straight into the ledger table, bypassing the API and the
/// group-committing writer (millions of decisions through them would take hours): SQLite with one
/// prepared INSERT in transactions of 50,000 rows, PostgreSQL with binary COPY. Each record is
/// what the writer would store: the real keyed visitor hash (so the consent source finds it),
/// contiguous sequence numbers, and a real hash chain from the genesis hash, linked by
/// <see cref="ConsentChain.Compute"/>. Decisions are shuffled over the last year, so one visitor's
/// records are spread across the table as they would be.
/// </summary>
internal static class ConsentSeeder
{
    private const int Chunk = 50_000;

    // Half accept everything, a third reject everything optional, the rest choose.
    private static readonly ConsentAction[] Actions = [ConsentAction.AcceptAll, ConsentAction.AcceptAll, ConsentAction.AcceptAll, ConsentAction.RejectAll, ConsentAction.RejectAll, ConsentAction.Custom];

    public static async Task<TimeSpan> SeedAsync(BenchProvider provider, IServiceProvider services, SyntheticConsent plan, int seed, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        BenchApp.Log(provider, $"seeding {plan.Total:N0} consent records from {plan.VisitorIds.Length:N0} visitors ({plan.LinkedVisitors:N0} linked to subjects)");

        var hasher = services.GetRequiredService<LookupHasher>();
        var lookups = new byte[plan.VisitorIds.Length][];
        for (var v = 0; v < lookups.Length; v++)
            lookups[v] = await hasher.HashIdentifierAsync(ConsentLookup.Kind, plan.VisitorIds[v], ct);

        var owners = new int[plan.Total];
        var at = 0;
        for (var v = 0; v < plan.RecordsPerVisitor.Length; v++)
            for (var r = 0; r < plan.RecordsPerVisitor[v]; r++)
                owners[at++] = v;
        var random = new Random(seed);
        random.Shuffle(owners);

        var snapshot = await services.GetRequiredService<ConsentCatalogue>().GetAsync(ct);
        var revision = snapshot.Revisions[snapshot.CurrentRevision];
        var model = revision.Model;
        var choices = Actions.Select(action => (action, Answers(model.ConsentCategories.Select(c => (c.Id, c.Required)).ToList(), model.Services.Select(s => (s.Id, s.Category)).ToList(), action)))
            .ToArray();
        var textHash = snapshot.Config(revision.Number, "en").TextHash;
        var policy = snapshot.PolicyVersions.GetValueOrDefault("en");

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var first = now.AddDays(-365);
        var step = TimeSpan.FromDays(365).Ticks / plan.Total;
        var previous = HashChain.Genesis;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.OpenConnectionAsync(ct);
        var insert = provider == BenchProvider.Sqlite ? (Func<ConsentRecord[], Task>)new SqliteInserter(db).InsertAsync : new PostgresInserter(db).InsertAsync;
        var batch = new List<ConsentRecord>(Chunk);
        for (long i = 0; i < plan.Total; i++)
        {
            var visitor = owners[i];
            var (action, (categories, services2)) = choices[random.Next(choices.Length)];
            var recordedAt = HashChain.Truncate(first.AddTicks(i * step));
            var record = new ConsentRecord
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(recordedAt)),
                Sequence = i + 1,
                RecordedAt = recordedAt,
                VisitorId = plan.VisitorIds[visitor],
                VisitorLookup = lookups[visitor],
                Revision = revision.Number,
                Language = "en",
                Action = action,
                Categories = categories,
                Services = services2,
                Gpc = false,
                TextHash = textHash,
                PolicyVersion = policy,
                PreviousHash = previous,
            };
            record.Hash = previous = ConsentChain.Compute(record);
            batch.Add(record);
            if (batch.Count == Chunk || i == plan.Total - 1)
            {
                await insert([.. batch]);
                batch.Clear();
                if ((i + 1) % (Chunk * 8) == 0 || i == plan.Total - 1)
                    BenchApp.Log(provider, $"  {i + 1:N0} consent records, {(i + 1) / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s so far");
            }
        }
        var count = await db.ConsentRecords.LongCountAsync(ct);
        if (count != plan.Total)
            throw new LookupMismatchException($"expected {plan.Total:N0} consent records after seeding, found {count:N0}.");
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The canonical JSON the banner's decisions store, for one kind of answer.</summary>
    private static (string Categories, string Services) Answers(List<(string Id, bool Required)> categories, List<(string Id, string Category)> services, ConsentAction action)
    {
        var firstOptional = categories.FirstOrDefault(c => !c.Required).Id;
        var answers = new SortedDictionary<string, bool>(
            categories.ToDictionary(c => c.Id, c => c.Required || action == ConsentAction.AcceptAll || (action == ConsentAction.Custom && c.Id == firstOptional)), StringComparer.Ordinal);
        var serviceAnswers = new SortedDictionary<string, bool>(services.ToDictionary(s => s.Id, s => answers.GetValueOrDefault(s.Category)), StringComparer.Ordinal);
        return (JsonSerializer.Serialize(answers), JsonSerializer.Serialize(serviceAnswers));
    }

    private static (IEntityType Entity, StoreObjectIdentifier Table, List<IProperty> Properties, ISqlGenerationHelper Sql) Shape(AppDb db)
    {
        var entity = db.Model.FindEntityType(typeof(ConsentRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return (entity, table, entity.GetProperties().ToList(), db.GetService<ISqlGenerationHelper>());
    }

    /// <summary>One prepared single-row INSERT, its parameters bound through EF's type mappings, so the stored values are what EF writes.</summary>
    private sealed class SqliteInserter(AppDb db)
    {
        public async Task InsertAsync(ConsentRecord[] records)
        {
            var (_, table, properties, sql) = Shape(db);
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}")))})";
            var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
            var parameters = new DbParameter[properties.Count];
            for (var i = 0; i < properties.Count; i++)
                command.Parameters.Add(parameters[i] = mappings[i].CreateParameter(command, sql.GenerateParameterName($"p{i}"), properties[i].GetGetter().GetClrValue(records[0]), properties[i].IsNullable));
            await command.PrepareAsync();
            foreach (var record in records)
            {
                for (var i = 0; i < properties.Count; i++)
                {
                    var value = properties[i].GetGetter().GetClrValue(record);
                    parameters[i].Value = (mappings[i].Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                }
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }

    /// <summary>Binary COPY, one per chunk (each its own transaction).</summary>
    private sealed class PostgresInserter(AppDb db)
    {
        public async Task InsertAsync(ConsentRecord[] records)
        {
            var (_, table, properties, sql) = Shape(db);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) FROM STDIN (FORMAT BINARY)");
            foreach (var record in records)
            {
                await importer.StartRowAsync();
                foreach (var property in properties)
                {
                    var value = property.GetGetter().GetClrValue(record);
                    if (value is not null && property.GetTypeMapping().Converter is { } converter)
                        value = converter.ConvertToProvider(value);
                    await (value switch
                    {
                        null => importer.WriteNullAsync(),
                        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid),
                        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint),
                        int n => importer.WriteAsync(n, NpgsqlDbType.Integer),
                        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean),
                        DateTime d => importer.WriteAsync(d, NpgsqlDbType.TimestampTz),
                        string s => importer.WriteAsync(s, NpgsqlDbType.Varchar),
                        byte[] bytes => importer.WriteAsync(bytes, NpgsqlDbType.Bytea),
                        _ => throw new InvalidOperationException($"No COPY type for {property.Name} ({value.GetType()})."),
                    });
                }
            }
            await importer.CompleteAsync();
        }
    }
}
