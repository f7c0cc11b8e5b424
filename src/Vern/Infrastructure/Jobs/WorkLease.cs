namespace Vern.Infrastructure.Jobs;

/// <summary>
/// How long background work that a process claimed (a rights request being carried out, an e-mail
/// being delivered) stays with it (<c>Vern:WorkLease</c>, five minutes by default). A process that
/// dies keeps its claim only this long: then another instance, or the same one restarted, takes the
/// work over. Longer than any one step may take, such as a slow external system's timeout.
/// </summary>
internal sealed class WorkLease(IConfiguration configuration)
{
    public TimeSpan Duration { get; } = configuration.GetValue("Vern:WorkLease", TimeSpan.FromMinutes(5));

    /// <summary>How often to look for abandoned work: every minute, or sooner when the lease is shorter.</summary>
    public TimeSpan CheckInterval => Duration < TimeSpan.FromMinutes(1) ? Duration : TimeSpan.FromMinutes(1);

    public DateTime Until(TimeProvider time) => time.GetUtcNow().UtcDateTime + Duration;
}
