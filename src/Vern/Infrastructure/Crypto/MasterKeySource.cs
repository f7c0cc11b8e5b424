using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// Finds the master key: configuration first (<c>Vern:MasterKey</c>, e.g. the environment variable
/// <c>Vern__MasterKey</c>), otherwise <c>master.key</c> in the data directory, created on first run
/// with owner-only permissions.
/// </summary>
internal sealed partial class MasterKeySource(IConfiguration configuration, DataDirectory dataDirectory, ILogger<MasterKeySource> logger)
{
    public const string FileName = "master.key";
    private MasterKey? current;
    private readonly Lock gate = new();

    public string FilePath => dataDirectory.File(FileName);

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
            .ToList();

    private MasterKey Load()
    {
        var configured = configuration["Vern:MasterKey"];
        if (!string.IsNullOrWhiteSpace(configured))
            return ParseOrFail(configured);

        if (File.Exists(FilePath))
            return ParseOrFail(File.ReadAllText(FilePath));

        var key = MasterKey.Generate();
        SecretFile.Write(FilePath, key.ToBase64());
        LogGeneratedKey(logger, FilePath);
        return key;
    }

    /// <summary>Replaces the key file after a rotation; the new key takes effect at once.</summary>
    public void ReplaceFileKey(MasterKey key)
    {
        lock (gate)
        {
            var temp = FilePath + ".new";
            SecretFile.Write(temp, key.ToBase64());
            File.Move(temp, FilePath, overwrite: true);
            current = key;
        }
    }

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
