namespace Vern.Features.Rights.Connectors;

internal static class Backoff
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now) => attempts >= 1 && attempts <= Delays.Length ? now + Delays[attempts - 1] : null;
}
