using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vern.Infrastructure.Hosting;

/// <summary>
/// Reports a data directory whose disk is (almost) full: the SQLite database, the outbox and the keys
/// live there, so writes fail while reads still work. Degraded rather than unhealthy, because Vern still
/// answers what it can and restarting it would not free any space.
/// </summary>
internal sealed class DataDirectoryHealthCheck(DataDirectory dataDirectory) : IHealthCheck
{
    /// <summary>Below this, a single write (a database page and its journal, an e-mail) may no longer fit.</summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var free = new DriveInfo(dataDirectory.Path).AvailableFreeSpace;
            return Task.FromResult(free < MinimumFreeBytes
                ? HealthCheckResult.Degraded($"The data directory's disk has {free / 1024} KB free; writes fail until space is freed.")
                : HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A file system DriveInfo cannot measure is not a fault of Vern's.
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
