using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Vern.Data;
using Vern.Features.Site;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Bench;

/// <summary>
/// Seeds a million people in bulk: each with a data key in the key store, wrapped by the master key as
/// <see cref="KeyStore"/> wraps it; contact details sealed by <see cref="SubjectVault.Seal"/> with the keyed
/// e-mail hash of <see cref="LookupHasher"/>; one or more contact-form submissions, their message sealed with
/// the person's key as <see cref="RecordSubmission"/> seals it; and their browsers as sealed, hashed
/// <c>visitor-id</c> identifiers. The values are the app's; only the writing differs: keys and rows go in
/// chunks of 20,000 (prepared INSERTs in one transaction on SQLite, binary COPY on PostgreSQL) instead of
/// one key-store commit per person (through the vault, 100,000 people took up to 232 s).
/// </summary>
internal static class BulkSubjectSeeder
{
    private const int Chunk = 20_000;

    /// <param name="provider">The database seeded.</param>
    /// <param name="databases">Where the key store is.</param>
    /// <param name="services">The application's services.</param>
    /// <param name="count">How many people.</param>
    /// <param name="plan">Their browsers (<see cref="SyntheticConsent.VisitorsOf"/>).</param>
    /// <param name="contacts">When person n wrote through the contact form, oldest first: one submission each.</param>
    /// <param name="ct">Stops seeding.</param>
    public static async Task<BulkSeeding> SeedAsync(BenchProvider provider, BenchDatabases databases, IServiceProvider services, int count,
        SyntheticConsent plan, Func<int, DateTime[]> contacts, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        BenchApp.Log(provider, $"seeding {count:N0} subjects in bulk, {Chunk:N0} per transaction");
        var master = services.GetRequiredService<MasterKeySource>().Current;
        var hasher = services.GetRequiredService<LookupHasher>();
        // Creates the key store's table (and its lookup key) before rows are written around it.
        await services.GetRequiredService<KeyStore>().CountAsync(ct);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.OpenConnectionAsync(ct);
        var subjects = new BulkWriter<Subject>(db, provider);
        var submissions = new BulkWriter<Submission>(db, provider);
        var identifiers = new BulkWriter<SubjectIdentifier>(db, provider);
        var rebuild = new[] { await subjects.WithoutIndexesAsync(), await submissions.WithoutIndexesAsync(), await identifiers.WithoutIndexesAsync() };
        await using var keys = await KeyRows.OpenAsync(databases, ct);

        var ids = new Guid[count];
        long submissionCount = 0, identifierCount = 0;
        for (var first = 0; first < count; first += Chunk)
        {
            var end = Math.Min(count, first + Chunk);
            var people = new Person[end - first];
            // The sealing and hashing of a chunk on both cores; the writing after it in order.
            await Parallel.ForAsync(first, end, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (n, token) => people[n - first] = await PersonAsync(n, contacts(n), plan, master, hasher, token));
            await keys.InsertAsync(people, master.Id, ct);
            await subjects.InsertAsync([.. people.Select(p => p.Subject)]);
            await submissions.InsertAsync([.. people.SelectMany(p => p.Submissions)]);
            await identifiers.InsertAsync([.. people.SelectMany(p => p.Identifiers)]);
            for (var i = 0; i < people.Length; i++)
            {
                ids[first + i] = people[i].Subject.Id;
                submissionCount += people[i].Submissions.Length;
                identifierCount += people[i].Identifiers.Length;
            }
            if (end % (Chunk * 10) == 0 || end == count)
                BenchApp.Log(provider, $"  {end:N0} subjects, {end / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s so far");
        }
        BenchApp.Log(provider, "  building the indexes again");
        foreach (var build in rebuild)
            await build();
        await db.Database.CloseConnectionAsync();
        SqliteConnection.ClearAllPools();
        return new BulkSeeding(ids, submissionCount, identifierCount, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<Person> PersonAsync(int n, DateTime[] contacts, SyntheticConsent plan, MasterKey master, LookupHasher hasher, CancellationToken ct)
    {
        var createdAt = contacts[0];
        var subject = new Subject { Id = Guid.CreateVersion7(new DateTimeOffset(createdAt)), CreatedAt = createdAt };
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var details = SyntheticPeople.Details(n);
            SubjectVault.Seal(subject, details, key);
            subject.EmailLookup = await hasher.HashEmailAsync(details.Email!, ct);
            var submissions = contacts.Select(at => new Submission
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(at)),
                SubjectId = subject.Id,
                Form = ContactModel.Form,
                Purpose = ContactModel.Purpose,
                SubmittedAt = at,
                Content = SubjectVault.SealWith(key, subject.Id, RecordSubmission.ContentField, SyntheticPeople.Message(n)),
            }).ToArray();
            var visitors = plan.VisitorsOf(n);
            var identifiers = new SubjectIdentifier[visitors.End.Value - visitors.Start.Value];
            for (var v = visitors.Start.Value; v < visitors.End.Value; v++)
            {
                var value = plan.VisitorIds[v];
                identifiers[v - visitors.Start.Value] = new SubjectIdentifier
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(createdAt)),
                    SubjectId = subject.Id,
                    Kind = DataSubjects.VisitorIdKind,
                    Lookup = await hasher.HashIdentifierAsync(DataSubjects.VisitorIdKind, value, ct),
                    Value = SubjectVault.SealWith(key, subject.Id, SubjectVault.IdentifierField(DataSubjects.VisitorIdKind), value),
                };
            }
            return new Person(subject, master.Wrap(key, subject.Id.ToString()), submissions, identifiers);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private sealed record Person(Subject Subject, byte[] WrappedKey, Submission[] Submissions, SubjectIdentifier[] Identifiers);

    /// <summary>Rows of the key store's <c>data_keys</c> table, written beside <see cref="KeyStore"/>, which writes one key per commit.</summary>
    private sealed class KeyRows(DbConnection connection, bool postgres) : IAsyncDisposable
    {
        public static async Task<KeyRows> OpenAsync(BenchDatabases databases, CancellationToken ct)
        {
            var postgres = databases.Provider == BenchProvider.Postgres;
            DbConnection connection = postgres
                ? new NpgsqlConnection(databases.Settings["ConnectionStrings:VernKeys"])
                : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(databases.DataDirectory, "keys.db") }.ToString());
            await connection.OpenAsync(ct);
            return new KeyRows(connection, postgres);
        }

        public async Task InsertAsync(Person[] people, string masterKeyId, CancellationToken ct)
        {
            if (postgres)
            {
                await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                    "COPY data_keys (owner, master_key_id, wrapped, created_at) FROM STDIN (FORMAT BINARY)", ct);
                foreach (var person in people)
                {
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(person.Subject.Id.ToString(), NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(masterKeyId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(person.WrappedKey, NpgsqlDbType.Bytea, ct);
                    await importer.WriteAsync(person.Subject.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                }
                await importer.CompleteAsync(ct);
                return;
            }
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO data_keys (owner, master_key_id, wrapped, created_at) VALUES (@owner, @kid, @wrapped, @at)";
            var owner = Add(command, "owner");
            var kid = Add(command, "kid");
            var wrapped = Add(command, "wrapped");
            var at = Add(command, "at");
            kid.Value = masterKeyId;
            foreach (var person in people)
            {
                owner.Value = person.Subject.Id.ToString();
                wrapped.Value = person.WrappedKey;
                at.Value = person.Subject.CreatedAt;
                await command.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private static DbParameter Add(DbCommand command, string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }
    }
}

/// <summary>What bulk seeding wrote: the subjects' ids by number, and how many rows of each kind.</summary>
internal sealed record BulkSeeding(Guid[] Ids, long Submissions, long Identifiers, TimeSpan Elapsed);
