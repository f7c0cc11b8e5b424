using System.Globalization;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Backups;

/// <summary>A Vern backup found in the backup directory, with the manifest that vouches for it.</summary>
internal sealed record KeptBackup(string Path, BackupManifest Manifest);

/// <summary>
/// The directory <c>Vern:Backups:Directory</c> where <c>backup</c> without a file writes a timestamped backup
/// and where retention expires them; none unless configured.
/// </summary>
internal sealed class BackupDirectory(IConfiguration configuration)
{
    public const string Setting = "Vern:Backups:Directory";

    public string? Path { get; } = configuration[Setting] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : null;

    /// <summary>A new file name in the directory for a backup taken at <paramref name="at"/>: <c>vern-20270110T090000Z.sqlite</c>.</summary>
    public string NewFile(DateTimeOffset at, Vern.Data.DatabaseProvider provider) => System.IO.Path.Combine(
        Path ?? throw new InvalidOperationException("No backup directory is configured."),
        $"vern-{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{(provider == Vern.Data.DatabaseProvider.Sqlite ? "sqlite" : "dump")}");

    /// <summary>
    /// The backups in the directory, oldest first: files whose manifest beside them this key store authenticates and
    /// whose size matches it. Files of anyone else (and a manifest someone wrote by hand) are not among them.
    /// </summary>
    public async Task<IReadOnlyList<KeptBackup>> ListAsync(KeyStore keys, CancellationToken ct)
    {
        if (Path is null || !Directory.Exists(Path) || await keys.GetBackupKeyAsync(ct) is not { } key)
            return [];
        var found = new List<KeptBackup>();
        foreach (var manifestPath in Directory.EnumerateFiles(Path, "*.json"))
        {
            var file = manifestPath[..^".json".Length];
            if (!File.Exists(file) || BackupManifest.Parse(await File.ReadAllTextAsync(manifestPath, ct)) is not { } manifest
                || !manifest.IsAuthenticBy(key) || new FileInfo(file).Length != manifest.Bytes)
                continue;
            found.Add(new KeptBackup(file, manifest));
        }
        return [.. found.OrderBy(b => b.Manifest.CreatedAt)];
    }
}
