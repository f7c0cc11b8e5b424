namespace Vern.Features.Rights.Connectors;

/// <summary>
/// When the Rights feature calls a failing external system again, after the few quick retries within
/// one call are spent. Those quick retries ride out a blip; an outage of minutes or hours needs the
/// durable schedule here, stored on the per-source result so it survives restarts.
/// </summary>
internal static class Backoff
{
    /// <summary>
    /// Growing gaps: a restart or a deploy is over within minutes, a provider's incident within hours.
    /// After the sixth attempt (about 15 hours in) the failure is left to staff, who still have most of
    /// the month Art. 12(3) allows, rather than to a machine that keeps knocking.
    /// </summary>
    private static readonly TimeSpan[] Gaps =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(12),
    ];

    public const int MaxAttempts = 6;

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts; null to give up.</summary>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        return attempts < MaxAttempts ? now + Gaps[attempts - 1] : null;
    }
}
