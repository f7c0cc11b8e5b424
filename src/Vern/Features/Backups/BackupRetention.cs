using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Backups;

/// <summary>
/// Expires the backups in <c>Vern:Backups:Directory</c> under the rule the definition names for them
/// (<c>backups:</c>), counted from when each was taken: the time its authenticated manifest states, which
/// copying or touching the file cannot change. Only a file whose manifest this key store authenticates and
/// whose size and checksum match it is a Vern backup; anything else in the directory is never deleted.
/// </summary>
internal sealed class BackupRetention(BackupDirectory directory, KeyStore keys) : IRetentionSource
{
    private IReadOnlyList<KeptBackup>? kept;

    public string Name => "backups";

    public IReadOnlyList<RetentionTrigger> Triggers { get; } = [RetentionTrigger.Collection];

    public string Keeps => "backups";

    public string? ConfiguredBy => directory.Path is null ? null : BackupDirectory.Setting;

    /// <summary>
    /// The backups in the directory, listed and authenticated once per scope: the Retention page's table of files and its
    /// dry run read the same list rather than reading every manifest twice.
    /// </summary>
    public async Task<IReadOnlyList<KeptBackup>> KeptAsync(CancellationToken ct) => kept ??= await directory.ListAsync(keys, ct);

    public async Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct) =>
        Math.Min(limit, (await KeptAsync(ct)).Count(b => b.Manifest.CreatedAt.UtcDateTime < scope.ClockStartedBefore));

    public async Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct)
    {
        // Each batch lists the directory afresh, as the one before deleted files; a list kept for counting is stale from here on.
        kept = null;
        var disposed = 0;
        foreach (var backup in (await directory.ListAsync(keys, ct)).Where(b => b.Manifest.CreatedAt.UtcDateTime < scope.ClockStartedBefore).Take(batch.Size))
        {
            // The checksum is read only here, before deleting: a file replaced under a backup's name stays.
            if (!string.Equals(await BackupFile.Sha256Async(backup.Path, ct), backup.Manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                continue;
            File.Delete(backup.Path);
            File.Delete(BackupManifest.PathFor(backup.Path));
            disposed++;
        }
        return disposed;
    }
}
