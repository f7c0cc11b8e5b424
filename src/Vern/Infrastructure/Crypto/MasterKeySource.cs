using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// Finds the master key: configuration first (<c>Vern:MasterKey</c>, e.g. the environment variable
/// <c>Vern__MasterKey</c>), otherwise <c>master.key</c> in the data directory, created on first run
/// with owner-only permissions. During a rotation of the file key, the next key and the retired one
/// wait beside it in files of their own (see <see cref="KeyRotation"/>), and both still unwrap data keys.
/// </summary>
internal sealed partial class MasterKeySource(IConfiguration configuration, DataDirectory dataDirectory, ILogger<MasterKeySource> logger)
{
    public const string FileName = "master.key";

    /// <summary>The key a rotation moves to, written and flushed before any data key is wrapped by it.</summary>
    public const string NextFileName = "master.key.next";

    /// <summary>The key a rotation moves from, kept until every data key verifies under the new one.</summary>
    public const string RetiredFileName = "master.key.retired";

    private MasterKey? current;
    private readonly Lock gate = new();

    public string FilePath => dataDirectory.File(FileName);

    private string NextPath => dataDirectory.File(NextFileName);

    private string RetiredPath => dataDirectory.File(RetiredFileName);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(configuration["Vern:MasterKey"]);

    public MasterKey Current
    {
        get
        {
            lock (gate)
                return current ??= Load();
        }
    }

    /// <summary>Keys that may still wrap some data keys during or after an interrupted rotation.</summary>
    public IReadOnlyList<MasterKey> Retired =>
        (configuration["Vern:RetiredMasterKeys"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseOrFail)
            .Concat(IsConfigured ? [] : new[] { ReadFile(NextPath), ReadFile(RetiredPath) }.OfType<MasterKey>())
            .ToList();

    /// <summary>Whether configuration names retired keys, the half of a configured rotation the operator does.</summary>
    public bool HasConfiguredRetiredKeys => !string.IsNullOrWhiteSpace(configuration["Vern:RetiredMasterKeys"]);

    /// <summary>
    /// The next key of the file rotation: the one an interrupted rotation left, or a new one, made
    /// durable before it returns.
    /// </summary>
    public MasterKey NextFileKey()
    {
        if (ReadFile(NextPath) is { } pending)
            return pending;
        var next = MasterKey.Generate();
        SecretFile.WriteDurably(NextPath, next.ToBase64());
        return next;
    }

    /// <summary>Keeps the key in force as the retired one, durably, before the next key replaces it.</summary>
    public void KeepCurrentAsRetired() => SecretFile.WriteDurably(RetiredPath, Current.ToBase64());

    /// <summary>Puts the next key in place of <c>master.key</c> in one rename; it takes effect at once.</summary>
    public void PromoteNext(MasterKey next)
    {
        lock (gate)
        {
            SecretFile.MoveDurably(NextPath, FilePath);
            current = next;
        }
    }

    /// <summary>Discards the retired key once no data key needs it.</summary>
    public void DiscardRetired()
    {
        if (File.Exists(RetiredPath))
            SecretFile.DeleteDurably(RetiredPath);
    }

    private MasterKey Load()
    {
        var configured = configuration["Vern:MasterKey"];
        if (!string.IsNullOrWhiteSpace(configured))
            return ParseOrFail(configured);

        // A rotation never leaves master.key missing; a new key now would wrap nothing the key store holds.
        if (!File.Exists(FilePath) && (File.Exists(NextPath) || File.Exists(RetiredPath)))
            throw new StartupException($"{FilePath} is missing but a key rotation left {NextFileName} or {RetiredFileName} beside it; put master.key back from its backup, then run 'keys rotate' again.");

        var key = ParseOrFail(SecretFile.ReadOrCreate(FilePath, () => MasterKey.Generate().ToBase64(), out var created));
        if (created)
            LogGeneratedKey(logger, FilePath);
        return key;
    }

    private static MasterKey? ReadFile(string path) => File.Exists(path) ? ParseOrFail(File.ReadAllText(path)) : null;

    private static MasterKey ParseOrFail(string text)
    {
        try
        {
            return MasterKey.FromBase64(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new StartupException("The master key must be 32 bytes in base64 (for example the output of 'openssl rand -base64 32').", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new master key at {Path}. Back it up apart from the database: without it no personal data can be read, and a backup holding both defeats the separation.")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
