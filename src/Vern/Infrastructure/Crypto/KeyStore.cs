using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// Holds every data key, wrapped by the master key, apart from the main database: a copy of the
/// database alone never contains a usable key. Destroying a key is what erases a person
/// (crypto-shredding). A SQLite file in the data directory by default (<c>keys.db</c>); a
/// PostgreSQL database of its own (<c>KeyStore:Provider=Postgres</c>, <c>ConnectionStrings:VernKeys</c>)
/// when several instances share one server.
/// </summary>
internal sealed class KeyStore : IAsyncDisposable
{
    private const string LookupKeyOwner = "vern:lookup";
    private const string BackupKeyOwner = "vern:backup";
    private readonly MasterKeySource masterKeys;
    private readonly TimeProvider time;
    private readonly bool postgres;
    private readonly string connectionString;
    private readonly NpgsqlDataSource? dataSource;
    private readonly SemaphoreSlim initGate = new(1, 1);
    private volatile bool initialised;
    private readonly ConcurrentDictionary<string, byte[]> serviceKeys = new(StringComparer.Ordinal);

    public KeyStore(IConfiguration configuration, DataDirectory dataDirectory, MasterKeySource masterKeys, TimeProvider time)
    {
        this.masterKeys = masterKeys;
        this.time = time;
        var provider = configuration["KeyStore:Provider"];
        postgres = string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        if (!postgres && !string.IsNullOrWhiteSpace(provider) && !string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new StartupException($"KeyStore:Provider must be 'Sqlite' or 'Postgres', not '{provider}'.");

        var configured = configuration.GetConnectionString("VernKeys");
        if (postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new StartupException("KeyStore:Provider is 'Postgres' but ConnectionStrings:VernKeys is not set; the key store must be a database of its own.");
            if (configured == configuration.GetConnectionString("Vern"))
                throw new StartupException("ConnectionStrings:VernKeys must name a different database from ConnectionStrings:Vern, or a copy of the database would hold the keys.");
            connectionString = configured;
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        else
        {
            connectionString = string.IsNullOrWhiteSpace(configured)
                ? new SqliteConnectionStringBuilder { DataSource = dataDirectory.File("keys.db"), Pooling = true }.ToString()
                : configured;
        }
    }

    /// <summary>Creates and stores a fresh data key for an owner (a subject id) and returns it.</summary>
    public async Task<byte[]> CreateDataKeyAsync(string owner, CancellationToken ct = default)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var master = masterKeys.Current;
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO data_keys (owner, master_key_id, wrapped, created_at) VALUES (@owner, @kid, @wrapped, @at)",
            ("owner", owner), ("kid", master.Id), ("wrapped", master.Wrap(key, owner)), ("at", time.GetUtcNow().UtcDateTime));
        await command.ExecuteNonQueryAsync(ct);
        return key;
    }

    /// <summary>The owner's data key, or null once it was destroyed.</summary>
    public async Task<byte[]?> GetDataKeyAsync(string owner, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT master_key_id, wrapped FROM data_keys WHERE owner = @owner", ("owner", owner));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return MasterFor(reader.GetString(0)).Unwrap((byte[])reader.GetValue(1), owner);
    }

    /// <summary>The data keys of <paramref name="owners"/> that still have one, in one read: a campaign's slice of recipients.</summary>
    public async Task<Dictionary<string, byte[]>> GetDataKeysAsync(IReadOnlyCollection<string> owners, CancellationToken ct = default)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (owners.Count == 0)
            return found;
        await using var connection = await OpenAsync(ct);
        var parameters = owners.Select((owner, i) => ($"o{i}", (object)owner)).ToArray();
        await using var command = Command(connection,
            $"SELECT owner, master_key_id, wrapped FROM data_keys WHERE owner IN ({string.Join(", ", parameters.Select(p => "@" + p.Item1))})", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var owner = reader.GetString(0);
            found[owner] = MasterFor(reader.GetString(1)).Unwrap((byte[])reader.GetValue(2), owner);
        }
        return found;
    }

    /// <summary>Destroys the owner's data key. Everything encrypted with it becomes unreadable for good.</summary>
    public async Task<bool> DestroyAsync(string owner, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "DELETE FROM data_keys WHERE owner = @owner", ("owner", owner));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>
    /// Destroys the data keys of many owners in one transaction (a retention batch forgets hundreds of people: one
    /// commit each would keep the key store busy for as many flushes). Returns the owners whose key was there.
    /// </summary>
    public async Task<List<string>> DestroyAsync(IReadOnlyCollection<string> owners, CancellationToken ct = default)
    {
        var destroyed = new List<string>();
        if (owners.Count == 0)
            return destroyed;
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = Command(connection, "DELETE FROM data_keys WHERE owner = @owner", ("owner", ""));
        command.Transaction = transaction;
        foreach (var owner in owners)
        {
            command.Parameters[0].Value = owner;
            if (await command.ExecuteNonQueryAsync(ct) > 0)
                destroyed.Add(owner);
        }
        await transaction.CommitAsync(ct);
        return destroyed;
    }

    /// <summary>The key of the keyed hash used to find people by e-mail without storing the address.</summary>
    public Task<byte[]> GetLookupKeyAsync(CancellationToken ct = default) => GetServiceKeyAsync(LookupKeyOwner, ct);

    /// <summary>
    /// A key of Vern's own (not a person's) kept like every data key, created on first use; owners are
    /// named <c>vern:…</c> so they never clash with a subject id.
    /// </summary>
    public async Task<byte[]> GetServiceKeyAsync(string owner, CancellationToken ct = default)
    {
        if (serviceKeys.TryGetValue(owner, out var cached))
            return cached;
        var existing = await GetDataKeyAsync(owner, ct);
        if (existing is null)
        {
            try
            {
                existing = await CreateDataKeyAsync(owner, ct);
            }
            catch (DbException)
            {
                // Another instance created it first.
                existing = await GetDataKeyAsync(owner, ct) ?? throw new InvalidOperationException($"The key {owner} could not be created.");
            }
        }
        return serviceKeys[owner] = existing;
    }

    /// <summary>
    /// The key that authenticates backup manifests. It lives here, never in a backup, so whoever can
    /// change a backup cannot make its manifest match.
    /// </summary>
    public Task<byte[]> GetOrCreateBackupKeyAsync(CancellationToken ct = default) => GetServiceKeyAsync(BackupKeyOwner, ct);

    /// <summary>The backup key, or null when this key store never authenticated a backup.</summary>
    public Task<byte[]?> GetBackupKeyAsync(CancellationToken ct = default) => GetDataKeyAsync(BackupKeyOwner, ct);

    /// <summary>Re-wraps every data key with <paramref name="next"/>; the data itself is untouched.</summary>
    public async Task<int> RewrapAllAsync(MasterKey next, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var rows = new List<(string Owner, string KeyId, byte[] Wrapped)>();
        await using (var select = Command(connection, "SELECT owner, master_key_id, wrapped FROM data_keys"))
        {
            select.Transaction = transaction;
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }
        var count = 0;
        foreach (var (owner, keyId, wrapped) in rows.Where(r => r.KeyId != next.Id))
        {
            var plain = MasterFor(keyId).Unwrap(wrapped, owner);
            await using var update = Command(connection, "UPDATE data_keys SET master_key_id = @kid, wrapped = @wrapped WHERE owner = @owner",
                ("kid", next.Id), ("wrapped", next.Wrap(plain, owner)), ("owner", owner));
            update.Transaction = transaction;
            await update.ExecuteNonQueryAsync(ct);
            CryptographicOperations.ZeroMemory(plain);
            count++;
        }
        await transaction.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// Reads every data key back and unwraps it with <paramref name="master"/>; throws unless every one
    /// is wrapped by it, so a rotation discards the old key only when nothing needs it any more.
    /// </summary>
    public async Task<int> VerifyAllAsync(MasterKey master, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, "SELECT owner, master_key_id, wrapped FROM data_keys");
        await using var reader = await select.ExecuteReaderAsync(ct);
        var count = 0;
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(1) != master.Id)
                throw new CryptographicException($"A data key is still wrapped by master key {reader.GetString(1)}, not by {master.Id}.");
            CryptographicOperations.ZeroMemory(master.Unwrap((byte[])reader.GetValue(2), reader.GetString(0)));
            count++;
        }
        return count;
    }

    /// <summary>How many data keys another master key than <paramref name="keyId"/> wraps.</summary>
    public async Task<int> CountNotUnderAsync(string keyId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT COUNT(*) FROM data_keys WHERE master_key_id <> @kid", ("kid", keyId));
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The owners that still have a data key. A restore compares them with the restored subjects:
    /// a subject without a key was erased after the backup was taken.
    /// </summary>
    public async Task<HashSet<string>> OwnersAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT owner FROM data_keys");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var owners = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            owners.Add(reader.GetString(0));
        return owners;
    }

    /// <summary>Which of <paramref name="owners"/> still have a data key.</summary>
    public async Task<List<string>> ExistingAsync(IEnumerable<string> owners, CancellationToken ct = default)
    {
        var names = owners.ToList();
        if (names.Count == 0)
            return [];
        await using var connection = await OpenAsync(ct);
        var parameters = names.Select((owner, i) => ($"o{i}", (object)owner)).ToArray();
        await using var command = Command(connection,
            $"SELECT owner FROM data_keys WHERE owner IN ({string.Join(", ", parameters.Select(p => "@" + p.Item1))})", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var existing = new List<string>();
        while (await reader.ReadAsync(ct))
            existing.Add(reader.GetString(0));
        return existing;
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT COUNT(*) FROM data_keys");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        initGate.Dispose();
        if (dataSource is not null)
            await dataSource.DisposeAsync();
    }

    private MasterKey MasterFor(string keyId)
    {
        var current = masterKeys.Current;
        if (current.Id == keyId)
            return current;
        return masterKeys.Retired.FirstOrDefault(k => k.Id == keyId)
            ?? throw new CryptographicException($"Data keys are wrapped by master key {keyId}, which is not configured. Add it to Vern:RetiredMasterKeys to finish a rotation.");
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!postgres && !initialised)
            SecretFile.CreateOwnerOnly(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
        DbConnection connection = postgres ? await dataSource!.OpenConnectionAsync(ct) : new SqliteConnection(connectionString);
        if (!postgres)
        {
            await connection.OpenAsync(ct);
            // Deleted keys are overwritten on disk, not merely unlinked from the b-tree.
            await using var pragma = Command(connection, "PRAGMA secure_delete = ON; PRAGMA busy_timeout = 5000;");
            await pragma.ExecuteNonQueryAsync(ct);
        }
        if (!initialised)
            await InitialiseAsync(connection, ct);
        return connection;
    }

    private async Task InitialiseAsync(DbConnection connection, CancellationToken ct)
    {
        await initGate.WaitAsync(ct);
        try
        {
            if (initialised)
                return;
            var sql = postgres
                ? "CREATE TABLE IF NOT EXISTS data_keys (owner text PRIMARY KEY, master_key_id text NOT NULL, wrapped bytea NOT NULL, created_at timestamptz NOT NULL)"
                // The rollback journal is deleted after each write, unlike a WAL that keeps old pages around.
                : "PRAGMA journal_mode = DELETE; CREATE TABLE IF NOT EXISTS data_keys (owner TEXT PRIMARY KEY, master_key_id TEXT NOT NULL, wrapped BLOB NOT NULL, created_at TEXT NOT NULL)";
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(ct);
            initialised = true;
        }
        finally
        {
            initGate.Release();
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Only constant SQL (and generated parameter names) reaches here; values travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
