using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

/// <summary>Personal data must never be readable from what lands on disk or in the logs.</summary>
public sealed class PlaintextScanTests
{
    // Distinctive values, so a hit can only come from us.
    private static readonly PersonalDetails Known = new("grete.waitz.7431@example.no", "Grete Waitz-Nordmann", "+47 915 73 431", "Maratonløp Holding AS");

    private static readonly string[] Needles =
        [Known.Email!, Known.Email!.ToUpperInvariant(), Known.Name!, Known.Phone!, Known.Company!, "915 73 431", "Waitz-Nordmann"];

    [Fact]
    public async Task No_personal_field_appears_in_the_database_files_the_key_store_or_the_logs_on_SQLite()
    {
        await using var app = await TestApp.StartAsync();
        var id = await VaultTests.AddAsync(app, Known);
        await using (var scope = app.CreateScope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            Assert.Equal(id, await vault.FindByEmailAsync(Known.Email!));
            Assert.Equal(Known, await vault.RevealAsync(id));
        }
        // While Vern runs, the newest pages are in the write-ahead log alone; it is read, not the log
        // index or the database file, whose locks closing another handle in this process would drop.
        var log = Path.Combine(app.DataDirectory, "vern.db-wal");
        Assert.True(File.Exists(log), "vern.db-wal is missing while Vern runs.");
        AssertAbsent(await File.ReadAllBytesAsync(log), Needles, log);
        SqlitePools.Clear(app.DataDirectory);

        var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("vern.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("keys.db", StringComparison.Ordinal));
        foreach (var file in files)
            AssertAbsent(await File.ReadAllBytesAsync(file), Needles, file);
        AssertAbsent(Encoding.UTF8.GetBytes(app.Logs.All), Needles, "logs");
        Assert.NotEmpty(app.Logs.Lines);
    }

    [Fact]
    public async Task No_personal_field_appears_in_any_PostgreSQL_table_or_the_logs()
    {
        await using var app = await TestApp.StartAsync(Provider.Postgres);
        var id = await VaultTests.AddAsync(app, Known);
        await using (var scope = app.CreateScope())
            Assert.Equal(Known, await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(id));

        // The server's files belong to another user; every row of every table, as text, is what a dump would hold.
        var configuration = app.Get<IConfiguration>();
        foreach (var name in new[] { "Vern", "VernKeys" })
        {
            var dump = await DumpAsync(configuration.GetConnectionString(name)!);
            Assert.Contains(name == "Vern" ? "Subjects" : "data_keys", dump, StringComparison.Ordinal);
            AssertAbsent(Encoding.UTF8.GetBytes(dump), Needles, name);
        }
        AssertAbsent(Encoding.UTF8.GetBytes(app.Logs.All), Needles, "logs");
    }

    [Fact]
    public async Task After_a_shred_a_copy_of_the_database_taken_before_it_no_longer_decrypts()
    {
        await using var app = await TestApp.StartAsync();
        var id = await VaultTests.AddAsync(app, Known);
        SqlitePools.Clear(app.DataDirectory);
        var copy = Path.Combine(Directory.CreateTempSubdirectory("vern-copy-").FullName, "vern.db");
        File.Copy(Path.Combine(app.DataDirectory, "vern.db"), copy);
        foreach (var sidecar in new[] { "-wal", "-shm" })
            if (File.Exists(Path.Combine(app.DataDirectory, "vern.db" + sidecar)))
                File.Copy(Path.Combine(app.DataDirectory, "vern.db" + sidecar), copy + sidecar);

        // Before the shred, the copy plus the live key store yields the person: the copy is a real one.
        Assert.Equal(Known.Name, await ReadNameFromCopyAsync(app, copy, id));

        await using (var scope = app.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<SubjectVault>().ShredAsync(id));
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        Assert.Null(await ReadNameFromCopyAsync(app, copy, id));
        await using (var scope = app.CreateScope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
            Assert.Null(await vault.RevealAsync(id));
            Assert.Null(await vault.FindByEmailAsync(Known.Email!));
        }
        // The wrapped key is overwritten in the key store file, not just unlinked.
        SqlitePools.Clear(app.DataDirectory);
        var keyStore = await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "keys.db"));
        Assert.Equal(-1, keyStore.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id.ToString())));
    }

    [Fact]
    public async Task A_shredded_subject_leaves_no_ciphertext_in_the_live_database_on_PostgreSQL()
    {
        await using var app = await TestApp.StartAsync(Provider.Postgres);
        var id = await VaultTests.AddAsync(app, Known);
        await using (var scope = app.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<SubjectVault>().ShredAsync(id));
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        await using var check = app.CreateScope();
        var row = await check.ServiceProvider.GetRequiredService<AppDb>().Subjects.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.NotNull(row.ShreddedAt);
        Assert.Null(row.Email);
        Assert.Null(row.Name);
        Assert.Null(row.EmailLookup);
        Assert.Null(await app.Get<KeyStore>().GetDataKeyAsync(id.ToString()));
    }

    private static async Task<string?> ReadNameFromCopyAsync(TestApp app, string copy, Guid id)
    {
        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM Subjects WHERE Id = @id";
        command.Parameters.AddWithValue("@id", id.ToString().ToUpperInvariant());
        var sealedName = (byte[]?)await command.ExecuteScalarAsync();
        Assert.NotNull(sealedName);
        var key = await app.Get<KeyStore>().GetDataKeyAsync(id.ToString());
        return key is null ? null : Encoding.UTF8.GetString(Aead.Open(key, sealedName, Encoding.UTF8.GetBytes($"{id:N}/Name")));
    }

    internal static async Task<string> DumpAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            dump.Append(table).Append('\n');
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                dump.Append(reader.GetString(0)).Append('\n');
        }
        return dump.ToString();
    }

    /// <summary>Fails when a needle is in <paramref name="haystack"/> as UTF-8 or as UTF-16, which SQLite can store text in.</summary>
    internal static void AssertAbsent(byte[] haystack, IEnumerable<string> needles, string where)
    {
        foreach (var needle in needles)
        {
            Assert.True(haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"'{needle}' found in {where}");
            Assert.True(haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) < 0, $"'{needle}' (UTF-16) found in {where}");
        }
    }
}
